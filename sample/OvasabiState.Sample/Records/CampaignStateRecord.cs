using System.Collections.Generic;

namespace OvasabiState.Sample.Records;

public enum CampaignStatus : byte
{
    Draft,
    Running,
    Paused,
    Finished,
}

/// <summary>Campaign state: strings and collections, merged member by member.</summary>
[Layered(Store = "campaign_states", Sync = SyncMode.Periodic)]
[CompoundIndex("status_owner", nameof(Status), nameof(Owner))]
public partial record CampaignStateRecord(
    [property: StateKey] long CampaignId,
    string Name,
    [property: Indexed] CampaignStatus Status)
{
    [Indexed] public string Owner { get; init; } = "";

    [Merge(MergePolicy.Union)] public List<string> Audiences { get; init; } = [];

    public Dictionary<string, int> Budgets { get; init; } = new();

    public IReadOnlyList<Milestone> Milestones { get; init; } = [];

    public string? Notes { get; init; }
}

public sealed class Milestone
{
    public string Title { get; set; } = "";

    public bool Done { get; set; }
}
