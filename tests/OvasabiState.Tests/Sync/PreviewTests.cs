using System;
using OvasabiState.Serialization;
using OvasabiState.Tests.Records;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>The text dashboards show for a stored payload: readable, bounded, and a typed error for bad bytes.</summary>
public sealed class PreviewTests
{
    private static StateBinding<CampaignStateRecord> Campaigns() => Binding<CampaignStateRecord>();

    private static StateBinding<T> Binding<T>()
        where T : ILayered<T> => T.Binding;

    [Fact]
    public void Collections_are_shortened_so_the_members_after_them_show()
    {
        var campaign = new CampaignStateRecord(7, "Spring", CampaignStatus.Running)
        {
            Audiences = ["students"],
            Budgets = new() { ["search"] = 10 },
            Notes = "the last member",
        };
        var preview = ((IStateBinding)Campaigns()).Preview(Campaigns().Serialize(campaign));

        Assert.Contains("Audiences = List[…]", preview, StringComparison.Ordinal);
        Assert.Contains("Budgets = Dictionary[…]", preview, StringComparison.Ordinal);
        Assert.Contains("Notes = the last member", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Collections", preview, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_preview_is_cut_at_the_limit_with_an_ellipsis()
    {
        var campaign = new CampaignStateRecord(7, new string('x', 500), CampaignStatus.Running);
        var preview = ((IStateBinding)Campaigns()).Preview(Campaigns().Serialize(campaign), maxLength: 50);

        Assert.Equal(50, preview.Length);
        Assert.EndsWith("…", preview, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_a_payload_give_the_typed_format_error()
    {
        Assert.Throws<StateFormatException>(() => ((IStateBinding)Campaigns()).Preview(new byte[] { 1, 2, 3 }));
    }
}
