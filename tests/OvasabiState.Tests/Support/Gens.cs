using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using OvasabiState.Tests.Records;

namespace OvasabiState.Tests.Support;

/// <summary>
/// CsCheck generators for the test records. They lean on the values serializers get wrong:
/// nulls where the type allows them, empty and large collections, NaN payloads, -0.0,
/// infinities and subnormals, every <see cref="DateTimeKind"/>, offsets, decimal scales, and
/// strings with multi-byte UTF-8 and surrogate pairs.
/// </summary>
internal static class Gens
{
    /// <summary>Collection sizes: mostly small, sometimes empty, now and then large.</summary>
    public static readonly Gen<int> Size = Gen.Frequency<int>(
        (3, Gen.Const(0)),
        (12, Gen.Int[1, 5]),
        (1, Gen.Int[200, 1500]));

    /// <summary>Sizes for collections nested inside collections (kept small so samples stay fast).</summary>
    public static readonly Gen<int> SmallSize = Gen.Int[0, 4];

    /// <summary>A Unicode scalar value as a string: ASCII, 2- and 3-byte UTF-8, and surrogate pairs.</summary>
    public static readonly Gen<string> CodePoint = Gen.Frequency<string>(
        (6, Gen.Char[' ', '~'].Select(c => c.ToString())),
        (1, Gen.Const("\0")),
        (1, Gen.OneOf("|", "]", "[", "\\", "\"", "\u00e9", "\u00df", "\u20ac", "\ufeff", "\uffff")),
        (2, Gen.Int[0x80, 0xFFFF - 0x800].Select(c => char.ConvertFromUtf32(c >= 0xD800 ? c + 0x800 : c))),
        (2, Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32)));

    /// <summary>Valid Unicode text (no lone surrogates: UTF-8 cannot carry them).</summary>
    public static readonly Gen<string> Text = Gen.Frequency<string>(
        (2, Gen.Const("")),
        (12, CodePoint.Array[Gen.Int[1, 60]].Select(string.Concat)),
        (1, CodePoint.Array[Gen.Int[100, 3000]].Select(string.Concat)));

    /// <summary>Text or null.</summary>
    public static readonly Gen<string?> MaybeText = Gen.Frequency<string?>(
        (1, Gen.Const((string?)null)),
        (4, Text.Select(s => (string?)s)));

    /// <summary>Every float, with the special ones often.</summary>
    public static readonly Gen<float> Float = Gen.Frequency<float>(
        (3, Gen.Float),
        (2, Gen.Float.Special),
        (2, Gen.Int.Select(BitConverter.Int32BitsToSingle)),
        (2, Gen.OneOf(-0f, 0f, float.NaN, -float.NaN, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue,
            float.PositiveInfinity, float.NegativeInfinity, BitConverter.Int32BitsToSingle(0x7FC00001), BitConverter.Int32BitsToSingle(0x7F800001))));

    /// <summary>Every double, with the special ones often.</summary>
    public static readonly Gen<double> Double = Gen.Frequency<double>(
        (3, Gen.Double),
        (2, Gen.Double.Special),
        (2, Gen.Long.Select(BitConverter.Int64BitsToDouble)),
        (2, Gen.OneOf(-0.0, 0.0, double.NaN, -double.NaN, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue,
            double.PositiveInfinity, double.NegativeInfinity, BitConverter.Int64BitsToDouble(0x7FF8000000000001))));

    /// <summary>Decimals of every scale and sign, including negative zero with a scale.</summary>
    public static readonly Gen<decimal> Decimal = Gen.Frequency<decimal>(
        (2, Gen.Decimal),
        (4, Gen.Select(Gen.Int, Gen.Int, Gen.Int, Gen.Bool, Gen.Byte[0, 28], (lo, mid, hi, negative, scale) => new decimal(lo, mid, hi, negative, scale))),
        (1, Gen.OneOf(0m, 0.0m, 1m, 1.0m, 1.00m, -0.000m, decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m)));

    /// <summary>Every DateTime, of every kind. Local ones come from UTC instants, so they exist in the local zone.</summary>
    public static readonly Gen<DateTime> DateTime = Gen.Frequency<DateTime>(
        (2, Gen.Long[0, System.DateTime.MaxValue.Ticks].Select(t => new DateTime(t, DateTimeKind.Utc))),
        (2, Gen.Long[0, System.DateTime.MaxValue.Ticks].Select(t => new DateTime(t, DateTimeKind.Unspecified))),
        (2, Gen.Long[new DateTime(2, 1, 1).Ticks, new DateTime(9998, 1, 1).Ticks].Select(t => new DateTime(t, DateTimeKind.Utc).ToLocalTime())),
        (1, Gen.OneOf(System.DateTime.MinValue, System.DateTime.MaxValue, System.DateTime.UnixEpoch,
            System.DateTime.SpecifyKind(System.DateTime.MaxValue, DateTimeKind.Utc))));

    /// <summary>Every DateTimeOffset, with offsets from -14h to +14h.</summary>
    public static readonly Gen<DateTimeOffset> DateTimeOffset = Gen.Frequency<DateTimeOffset>(
        (6, Gen.Select(Gen.Long[System.TimeSpan.TicksPerDay, System.DateTime.MaxValue.Ticks - System.TimeSpan.TicksPerDay], Gen.Int[-14 * 60, 14 * 60],
            (utc, minutes) => new DateTimeOffset(utc + (minutes * System.TimeSpan.TicksPerMinute), System.TimeSpan.FromMinutes(minutes)))),
        (1, Gen.OneOf(System.DateTimeOffset.MinValue, System.DateTimeOffset.MaxValue, System.DateTimeOffset.UnixEpoch)));

    /// <summary>Every TimeSpan.</summary>
    public static readonly Gen<TimeSpan> TimeSpan = Gen.Long.Select(t => new TimeSpan(t));

    public static readonly Gen<Theme> Theme = Gen.Frequency<Theme>((6, Gen.Enum<Theme>()), (1, Gen.Int.Select(i => (Theme)i)));

    public static readonly Gen<CampaignStatus> CampaignStatus =
        Gen.Frequency<CampaignStatus>((6, Gen.Enum<CampaignStatus>()), (1, Gen.Byte.Select(b => (CampaignStatus)b)));

    public static readonly Gen<Milestone> Milestone =
        Gen.Select(Text, Gen.Bool, (title, done) => new Milestone { Title = title, Done = done });

    public static readonly Gen<PerformanceSnapshot> Snapshot =
        Gen.Select(Double, Double, Double, (fps, throughput, latency) => new PerformanceSnapshot(fps, throughput, latency));

    public static readonly Gen<SimulationParams> Params =
        Gen.Select(Float, Float, Gen.Int, (dt, gravity, count) => new SimulationParams { DeltaTime = dt, Gravity = gravity, ParticleCount = count });

    /// <summary>The brief's compute record; sometimes with the full 10,000-particle buffer.</summary>
    public static readonly Gen<ComputeStateRecord> ComputeState = Gen.Select(
        Text, Text,
        Gen.Frequency<float[]>((8, Float.Array[Size]), (1, Float.Array[10_000])),
        Params, Gen.Long, Snapshot,
        (id, type, data, parameters, timestamp, performance) => new ComputeStateRecord
        {
            Id = id,
            Type = type,
            Data = data,
            Params = parameters,
            Timestamp = timestamp,
            Performance = performance,
        });

    public static readonly Gen<UserPreferencesRecord> UserPreferences = Gen.Select(
        Theme, Gen.Int, Gen.Bool, Text,
        (theme, count, overlay, language) => new UserPreferencesRecord
        {
            Theme = theme,
            ParticleCount = count,
            ShowOverlay = overlay,
            Language = language,
        });

    public static readonly Gen<UserSessionRecord> UserSession = Gen.Select(
        Text, Text, DateTime, DateTime, Gen.Int, Gen.Bool,
        (session, user, started, lastSeen, views, visible) => new UserSessionRecord
        {
            SessionId = session,
            UserId = user,
            StartedAt = started,
            LastSeenAt = lastSeen,
            PageViews = views,
            IsVisible = visible,
        });

    public static readonly Gen<Dictionary<string, int>> Budgets =
        Gen.Dictionary(Text, Gen.Int)[SmallSize];

    public static readonly Gen<CampaignStateRecord> CampaignState = Gen.Select(
        Gen.Long, Text, CampaignStatus, Text,
        Text.List[Size], Budgets,
        Gen.Frequency<IReadOnlyList<Milestone>>(
            (2, Milestone.Array[SmallSize].Select(a => (IReadOnlyList<Milestone>)a)),
            (2, Milestone.List[SmallSize].Select(l => (IReadOnlyList<Milestone>)l)),
            (1, Milestone.List[SmallSize].Select(l => (IReadOnlyList<Milestone>)l.AsReadOnly()))),
        MaybeText,
        (id, name, status, owner, audiences, budgets, milestones, notes) => new CampaignStateRecord(id, name, status)
        {
            Owner = owner,
            Audiences = audiences,
            Budgets = budgets,
            Milestones = milestones,
            Notes = notes,
        });

    public static readonly Gen<PerformanceMetricsRecord> PerformanceMetrics = Gen.Select(
        Gen.Guid, DateTimeOffset, Double, Gen.Long, Double.List[Size],
        Gen.Null(Text, 0.1).Array[SmallSize],
        (id, at, peak, frames, times, tags) => new PerformanceMetricsRecord
        {
            Id = id,
            RecordedAt = at,
            PeakFps = peak,
            FrameCount = frames,
            FrameTimes = times,
            Tags = tags!,
        });

    /// <summary>Values of every supported member kind; built in three steps (CsCheck combines at most 16 generators at once).</summary>
    public static readonly Gen<EdgeCaseRecord> EdgeCase = Gen.Select(
            Gen.Select(
                Gen.Int, Gen.Bool, Gen.Byte, Gen.SByte, Gen.Short, Gen.UShort, Gen.Char, Gen.Int,
                Gen.UInt, Gen.Long, Gen.ULong, Gen.Long, Float, Double, Decimal,
                (id, flag, b, sb, s, us, c, i, ui, l, ul, ni, f, d, m) => new EdgeCaseRecord
                {
                    Id = id,
                    Flag = flag,
                    Byte = b,
                    SByte = sb,
                    Short = s,
                    UShort = us,
                    Char = c,
                    Int = i,
                    UInt = ui,
                    Long = l,
                    ULong = ul,
                    NInt = (nint)ni,
                    Float = f,
                    Double = d,
                    Decimal = m,
                }),
            Gen.Select(
                Text, MaybeText, Gen.Guid, DateTime, DateTimeOffset, TimeSpan, Theme, CampaignStatus,
                Gen.Nullable(Gen.Int, 0.3), Gen.Nullable(Theme, 0.3), Gen.Nullable(DateTime, 0.3),
                Gen.Null(Gen.Byte.Array[Size], 0.2), Double.Array[Size],
                (text, maybeText, guid, date, moment, span, theme, status, maybeInt, maybeTheme, maybeDate, bytes, doubles) =>
                    (text, maybeText, guid, date, moment, span, theme, status, maybeInt, maybeTheme, maybeDate, bytes, doubles)),
            Gen.Select(
                MaybeText.Array[Size], Gen.Int.Array[SmallSize].Array[SmallSize], Gen.Int.List[Size], Text.List[SmallSize],
                Gen.Frequency<IReadOnlyList<long>>(
                    (2, Gen.Long.Array[Size].Select(a => (IReadOnlyList<long>)a)),
                    (1, Gen.Long.List[SmallSize].Select(l => (IReadOnlyList<long>)l)),
                    (1, Gen.Long.List[Size].Select(l => (IReadOnlyList<long>)l.AsReadOnly()))),
                Gen.Frequency<IReadOnlyList<Guid>>(
                    (2, Gen.Guid.List[SmallSize].Select(l => (IReadOnlyList<Guid>)l)),
                    (1, Gen.Guid.Array[SmallSize].Select(l => (IReadOnlyList<Guid>)l.AsReadOnly()))),
                Gen.Dictionary(Text, Double)[SmallSize], Gen.Dictionary(Text, Text.List[SmallSize])[SmallSize],
                Gen.Null(Milestone, 0.3), Milestone.List[SmallSize], Snapshot, Gen.Nullable(Snapshot, 0.3), Gen.Int,
                (strings, jagged, ints, stringList, longs, guids, scores, groups, milestone, milestones, snapshot, maybeSnapshot, field) =>
                    (strings, jagged, ints, stringList, longs, guids, scores, groups, milestone, milestones, snapshot, maybeSnapshot, field)),
            (head, middle, tail) => head with
            {
                Text = middle.text,
                MaybeText = middle.maybeText,
                Guid = middle.guid,
                Date = middle.date,
                Moment = middle.moment,
                Span = middle.span,
                Theme = middle.theme,
                Status = middle.status,
                MaybeInt = middle.maybeInt,
                MaybeTheme = middle.maybeTheme,
                MaybeDate = middle.maybeDate,
                Bytes = middle.bytes,
                Doubles = middle.doubles,
                Strings = tail.strings,
                Jagged = tail.jagged,
                IntList = tail.ints,
                StringList = tail.stringList,
                LongView = tail.longs,
                GuidView = tail.guids,
                Scores = tail.scores,
                Groups = tail.groups,
                Milestone = tail.milestone,
                Milestones = tail.milestones,
                Snapshot = tail.snapshot,
                MaybeSnapshot = tail.maybeSnapshot,
                Field = tail.field,
                Cache = new object(),
            });

    /// <summary>A member mask over <paramref name="memberCount"/> members.</summary>
    public static Gen<MemberMask> Mask(int memberCount) =>
        Gen.ULong.Select(bits => new MemberMask(bits) & MemberMask.All(memberCount));

    /// <summary>A short description for failure messages (full values can be megabytes).</summary>
    public static string Describe<T>(StateBinding<T> binding, T value)
    {
        var bytes = binding.Serialize(value);
        return $"{typeof(T).Name} ({bytes.Length} bytes): {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 256)))}";
    }

    /// <summary>The names of the members in a mask, for failure messages.</summary>
    public static string Names<T>(StateBinding<T> binding, MemberMask mask) =>
        string.Join(", ", mask.Names(binding.MemberNames).DefaultIfEmpty("(none)"));
}
