using System;
using CsCheck;
using OvasabiState.Serialization;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Support;
using Xunit;

namespace OvasabiState.Tests;

/// <summary>
/// Property-based round trips of every test record: serialize, deserialize, and require the same
/// content (no member differs), byte-identical re-serialization, and the same bytes from the
/// reused-buffer API.
/// </summary>
public sealed class RoundTripTests
{
    private const int Iterations = 300;

    [Fact]
    public void ComputeStateRoundTrips() => Check(Gens.ComputeState, iterations: 100);

    [Fact]
    public void UserPreferencesRoundTrips() => Check(Gens.UserPreferences);

    [Fact]
    public void UserSessionRoundTrips() => Check(Gens.UserSession);

    [Fact]
    public void CampaignStateRoundTrips() => Check(Gens.CampaignState);

    [Fact]
    public void PerformanceMetricsRoundTrips() => Check(Gens.PerformanceMetrics);

    [Fact]
    public void EdgeCaseRoundTrips() => Check(Gens.EdgeCase);

    [Fact]
    public void DefaultsRoundTrip()
    {
        AssertRoundTrip(Bindings.Of<ComputeStateRecord>(), new ComputeStateRecord { Id = "", Type = "" });
        AssertRoundTrip(Bindings.Of<UserPreferencesRecord>(), new UserPreferencesRecord());
        AssertRoundTrip(Bindings.Of<UserPreferencesRecord>(), default);
        AssertRoundTrip(Bindings.Of<UserSessionRecord>(), new UserSessionRecord());
        AssertRoundTrip(Bindings.Of<CampaignStateRecord>(), new CampaignStateRecord(0, "", CampaignStatus.Draft));
        AssertRoundTrip(Bindings.Of<PerformanceMetricsRecord>(), new PerformanceMetricsRecord());
        AssertRoundTrip(Bindings.Of<EdgeCaseRecord>(), new EdgeCaseRecord());
    }

    [Fact]
    public void NullsInNonNullableMembersRoundTrip()
    {
        // Nullability annotations are not enforced at run time; a null that got in must survive a round trip.
        AssertRoundTrip(Bindings.Of<EdgeCaseRecord>(), new EdgeCaseRecord
        {
            Text = null!,
            Doubles = null!,
            Strings = null!,
            Jagged = [null!],
            IntList = null!,
            StringList = [null!],
            LongView = null!,
            GuidView = null!,
            Scores = null!,
            Groups = new() { ["k"] = null! },
            Milestones = [null!],
        });
        AssertRoundTrip(Bindings.Of<ComputeStateRecord>(), new ComputeStateRecord { Id = null!, Type = null!, Data = null!, Params = null! });
    }

    [Fact]
    public void ValuesThatCompareEqualButSerializeDifferentlyAreKept()
    {
        // The cases where == would lose information; the payload and Diff must not.
        var binding = Bindings.Of<EdgeCaseRecord>();
        var value = new EdgeCaseRecord
        {
            Float = -0f,
            Double = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0ABC),
            Decimal = 1.000m,
            Date = new DateTime(2024, 3, 31, 2, 30, 0, DateTimeKind.Unspecified),
            Moment = new DateTimeOffset(2024, 3, 31, 2, 30, 0, TimeSpan.FromHours(-9.5)),
            Text = "\U0001F600 \u00e9\u0301 \u4e2d\u6587 \0 end",
        };
        var back = binding.Deserialize(binding.Serialize(value));

        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(back.Float));
        Assert.Equal(0x7FF8_0000_0000_0ABC, BitConverter.DoubleToInt64Bits(back.Double));
        Assert.Equal("1.000", back.Decimal.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeKind.Unspecified, back.Date.Kind);
        Assert.Equal(TimeSpan.FromHours(-9.5), back.Moment.Offset);
        Assert.Equal(value.Text, back.Text);

        Assert.False(binding.Diff(value, value with { Float = 0f }).IsEmpty, "0 and -0 must differ");
        Assert.False(binding.Diff(value, value with { Decimal = 1.0m }).IsEmpty, "1.000 and 1.0 must differ");
        Assert.False(binding.Diff(value, value with { Date = DateTime.SpecifyKind(value.Date, DateTimeKind.Utc) }).IsEmpty, "kinds must differ");
        Assert.False(binding.Diff(value, value with { Moment = value.Moment.ToOffset(TimeSpan.Zero) }).IsEmpty, "offsets must differ");
    }

    [Fact]
    public void LocalDateTimeKeepsItsKindAndInstant()
    {
        var binding = Bindings.Of<UserSessionRecord>();
        var local = new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc).ToLocalTime();
        var back = binding.Deserialize(binding.Serialize(new UserSessionRecord { StartedAt = local }));

        Assert.Equal(DateTimeKind.Local, back.StartedAt.Kind);
        Assert.Equal(local.Ticks, back.StartedAt.Ticks);
    }

    [Fact]
    public void StringsAroundTheShortStringLimitRoundTrip()
    {
        // The writer has a one-pass path for short strings and a counted path for long ones.
        var binding = Bindings.Of<UserPreferencesRecord>();
        foreach (var unit in new[] { "a", "\u00e9", "\u20ac", "\U0001F600" })
        {
            for (var count = 0; count < 140; count++)
            {
                var language = string.Concat(System.Linq.Enumerable.Repeat(unit, count));
                AssertRoundTrip(binding, new UserPreferencesRecord { Language = language });
            }
        }
    }

    [Fact]
    public void SerializeIntoABufferAppends()
    {
        var binding = Bindings.Of<UserPreferencesRecord>();
        var first = new UserPreferencesRecord { Language = "fr" };
        var second = new UserPreferencesRecord { Language = "de", Theme = Theme.Dark };
        using var buffer = new StateBuffer(16);

        binding.Serialize(first, buffer);
        var firstLength = buffer.WrittenCount;
        binding.Serialize(second, buffer);

        Assert.Equal([.. binding.Serialize(first), .. binding.Serialize(second)], buffer.ToArray());
        Assert.Equal(second, binding.Deserialize(buffer.WrittenSpan[firstLength..]));
    }

    [Fact]
    public void ContentHashFollowsContent()
    {
        var binding = Bindings.Of<CampaignStateRecord>();
        Gens.CampaignState.Sample(value =>
        {
            var bytes = binding.Serialize(value);
            var back = binding.Deserialize(bytes);
            Assert.Equal(StateHash.Of(bytes), binding.ComputeHash(value));
            Assert.Equal(binding.ComputeHash(value), binding.ComputeHash(back));
            Assert.True(binding.ContentEquals(value, back));
        }, iter: 100, print: v => Gens.Describe(binding, v));
    }

    private static void Check<T>(Gen<T> gen, int iterations = Iterations)
        where T : ILayered<T>
    {
        var binding = Bindings.Of<T>();
        gen.Sample(value => AssertRoundTrip(binding, value), iter: iterations, print: v => Gens.Describe(binding, v));
    }

    internal static void AssertRoundTrip<T>(StateBinding<T> binding, T value)
    {
        var bytes = binding.Serialize(value);
        var back = binding.Deserialize(bytes);

        Assert.True(binding.Diff(value, value).IsEmpty, "a value differs from itself");
        var diff = binding.Diff(value, back);
        Assert.True(diff.IsEmpty, $"members changed by the round trip: {Gens.Names(binding, diff)}");
        Assert.Equal(bytes, binding.Serialize(back));

        var buffer = Bindings.ReusedBuffer();
        binding.Serialize(value, buffer);
        Assert.True(bytes.AsSpan().SequenceEqual(buffer.WrittenSpan), "the reused buffer holds different bytes");
        Assert.True(binding.Diff(value, binding.Deserialize(buffer.WrittenSpan)).IsEmpty);
    }
}
