using System;
using System.Collections.Generic;
using CsCheck;
using OvasabiState.Serialization;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Support;
using Xunit;

namespace OvasabiState.Tests;

/// <summary>
/// Corrupt, truncated and hostile bytes: reading either succeeds or throws
/// <see cref="StateFormatException"/> (never another exception), names the type and an offset
/// inside the payload, and never allocates more than the payload justifies.
/// </summary>
public sealed class HostileInputTests
{
    /// <summary>Small but complete values of every record, the seeds for truncation and corruption.</summary>
    private static readonly ComputeStateRecord Compute = new()
    {
        Id = "c-1\u00e9",
        Type = "fluid",
        Data = [1f, -0f, float.NaN, 3.5f],
        Params = new SimulationParams { ParticleCount = 4 },
        Timestamp = 1_700_000_000_000,
        Performance = new PerformanceSnapshot(60, 1e6, 0.5),
    };

    private static readonly CampaignStateRecord Campaign = new(42, "Spring", CampaignStatus.Running)
    {
        Owner = "ana",
        Audiences = ["a", "\U0001F600"],
        Budgets = new() { ["ads"] = 100, ["tv"] = -5 },
        Milestones = [new Milestone { Title = "launch", Done = true }, new Milestone()],
        Notes = "n",
    };

    private static readonly EdgeCaseRecord Edge = new()
    {
        Id = 7,
        Flag = true,
        Byte = 1,
        SByte = -1,
        Short = -2,
        UShort = 2,
        Char = '\u00e9',
        Int = 3,
        UInt = 4,
        Long = 5,
        ULong = 6,
        NInt = 7,
        Float = 1.5f,
        Double = -2.5,
        Decimal = 1.25m,
        Text = "text",
        MaybeText = null,
        Guid = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
        Date = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        Moment = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
        Span = TimeSpan.FromSeconds(9),
        Theme = Theme.Dark,
        Status = CampaignStatus.Paused,
        MaybeInt = 8,
        MaybeTheme = null,
        MaybeDate = DateTime.UnixEpoch,
        Bytes = [1, 2],
        Doubles = [0.5],
        Strings = ["s", null],
        Jagged = [[1], []],
        IntList = [9],
        StringList = ["l"],
        LongView = [10L],
        GuidView = [Guid.Empty],
        Scores = new() { ["x"] = 1, ["y"] = 2 },
        Groups = new() { ["g"] = ["m"] },
        Milestone = new Milestone { Title = "m" },
        Milestones = [new Milestone()],
        Snapshot = new PerformanceSnapshot(1, 2, 3),
        MaybeSnapshot = new PerformanceSnapshot(4, 5, 6),
        Field = 11,
    };

    private static readonly UserSessionRecord Session = new()
    {
        SessionId = "s",
        UserId = "u",
        StartedAt = DateTime.UnixEpoch,
        LastSeenAt = new DateTime(2025, 1, 1),
        PageViews = 3,
    };

    private static readonly PerformanceMetricsRecord Metrics = new()
    {
        Id = Guid.NewGuid(),
        RecordedAt = DateTimeOffset.UnixEpoch,
        PeakFps = 120,
        FrameCount = 1000,
        FrameTimes = [16.6, 16.7],
        Tags = ["gpu", "webgl"],
    };

    private static readonly UserPreferencesRecord Preferences = new() { Theme = Theme.Light, Language = "pt-BR" };

    [Fact]
    public void RandomBytesAreReadOrRejected() =>
        Gen.Byte.Array[0, 300].Sample(bytes => ReadAll(bytes), iter: 3000, print: Convert.ToHexString);

    [Fact]
    public void RandomBytesAfterAValidHeaderAreReadOrRejected() =>
        Gen.Select(Gen.Byte, Gen.Byte.Array[0, 400], (members, tail) =>
                (byte[])[StateFormat.Magic, StateFormat.Version, 1, 0, members, .. tail])
            .Sample(bytes => ReadAll(bytes), iter: 5000, print: Convert.ToHexString);

    [Fact]
    public void EveryTruncationIsRejected()
    {
        Truncations(Bindings.Of<ComputeStateRecord>(), Compute);
        Truncations(Bindings.Of<CampaignStateRecord>(), Campaign);
        Truncations(Bindings.Of<EdgeCaseRecord>(), Edge);
        Truncations(Bindings.Of<UserSessionRecord>(), Session);
        Truncations(Bindings.Of<PerformanceMetricsRecord>(), Metrics);
        Truncations(Bindings.Of<UserPreferencesRecord>(), Preferences);
    }

    [Fact]
    public void EverySingleByteCorruptionIsReadOrRejected()
    {
        Corruptions(Bindings.Of<ComputeStateRecord>(), Compute);
        Corruptions(Bindings.Of<CampaignStateRecord>(), Campaign);
        Corruptions(Bindings.Of<EdgeCaseRecord>(), Edge);
        Corruptions(Bindings.Of<UserSessionRecord>(), Session);
        Corruptions(Bindings.Of<PerformanceMetricsRecord>(), Metrics);
        Corruptions(Bindings.Of<UserPreferencesRecord>(), Preferences);
    }

    [Fact]
    public void CorruptionsOfRandomValuesAreReadOrRejected()
    {
        var binding = Bindings.Of<EdgeCaseRecord>();
        Gen.Select(Gens.EdgeCase, Gen.Int.Uniform, Gen.Byte, (value, position, replacement) => (value, position, replacement))
            .Sample((value, position, replacement) =>
            {
                var bytes = binding.Serialize(value);
                bytes[(int)((uint)position % (uint)bytes.Length)] = replacement;
                ReadOrReject(binding, bytes);
                ReadOrReject(binding, bytes.AsSpan(0, (int)((uint)position % (uint)bytes.Length)));
            }, iter: 1000);
    }

    [Fact]
    public void HugeCountInATinyPayloadIsRejectedWithoutAllocating()
    {
        var compute = Bindings.Of<ComputeStateRecord>();
        var campaign = Bindings.Of<CampaignStateRecord>();
        var edge = Bindings.Of<EdgeCaseRecord>();

        // Data (float[]) claims 2^31 elements.
        var floats = Payload(compute.MemberCount, (ref StateWriter w) =>
        {
            w.WriteString("id");
            w.WriteString("type");
            w.WriteVarUInt32((1u << 31) + 1);
            w.WriteInt32(0);
        });
        // Audiences (List<string>), Budgets (dictionary) and Name (string) claim 2^31.
        var list = Payload(campaign.MemberCount, (ref StateWriter w) =>
        {
            w.WriteInt64(1);
            w.WriteString("n");
            w.WriteByte(0);
            w.WriteString("o");
            w.WriteVarUInt32((1u << 31) + 1);
            w.WriteInt32(0);
        });
        var dictionary = Payload(campaign.MemberCount, (ref StateWriter w) =>
        {
            w.WriteInt64(1);
            w.WriteString("n");
            w.WriteByte(0);
            w.WriteString("o");
            w.WriteCount(0);
            w.WriteVarUInt32((1u << 31) + 1);
            w.WriteInt32(0);
        });
        var text = Payload(campaign.MemberCount, (ref StateWriter w) =>
        {
            w.WriteInt64(1);
            w.WriteVarUInt32((1u << 31) + 1);
            w.WriteInt32(0);
        });
        // Strings (string?[]), the first collection of references in the edge-case record, claims 2^31.
        var references = edge.Serialize(Edge);
        var stringsAt = OffsetOfMember(edge, Edge, nameof(EdgeCaseRecord.Strings));
        var hostileStrings = Splice(references, stringsAt, [0x81, 0x80, 0x80, 0x80, 0x08]);

        foreach (var (name, read) in new (string, Func<StateFormatException>)[]
        {
            ("float[]", () => Assert.Throws<StateFormatException>(() => compute.Deserialize(floats))),
            ("List<string>", () => Assert.Throws<StateFormatException>(() => campaign.Deserialize(list))),
            ("Dictionary", () => Assert.Throws<StateFormatException>(() => campaign.Deserialize(dictionary))),
            ("string", () => Assert.Throws<StateFormatException>(() => campaign.Deserialize(text))),
            ("string?[]", () => Assert.Throws<StateFormatException>(() => edge.Deserialize(hostileStrings))),
        })
        {
            read(); // warm up: first throws load and JIT code
            var before = GC.GetAllocatedBytesForCurrentThread();
            var error = read();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(error.Error == StateFormatError.InvalidLength, $"{name}: {error.Error} ({error.Message})");
            Assert.True(allocated < 64 * 1024, $"{name}: rejecting the payload allocated {allocated} bytes");
            Assert.Contains("2147483648", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void InjectedCountsNeverAllocateMoreThanThePayloadJustifies()
    {
        Injections(Bindings.Of<ComputeStateRecord>(), Compute);
        Injections(Bindings.Of<CampaignStateRecord>(), Campaign);
        Injections(Bindings.Of<EdgeCaseRecord>(), Edge);
        Injections(Bindings.Of<PerformanceMetricsRecord>(), Metrics);
        Injections(Bindings.Of<UserPreferencesRecord>(), Preferences);

        // Every position, a count prefix of 2^k elements inserted or written over what is there:
        // wherever it lands (a collection, a string, a nested object's length), reading must be
        // refused or succeed, and allocate a bounded multiple of the payload's length.
        static void Injections<T>(StateBinding<T> binding, T value)
        {
            var payload = binding.Serialize(value);
            Bindings.TryDeserialize(binding, payload, out _, out _); // warm up
            foreach (var power in new[] { 0, 3, 7, 8, 14, 16, 21, 24, 28, 30, 31 })
            {
                var prefix = (1u << power) + 1;
                byte[] varint = [(byte)(prefix | 0x80), (byte)((prefix >> 7) | 0x80), (byte)((prefix >> 14) | 0x80), (byte)((prefix >> 21) | 0x80), (byte)(prefix >> 28)];
                for (var position = StateFormat.HeaderSize; position < payload.Length; position++)
                {
                    Bounded(binding, Splice(payload, position, varint));
                    var overwritten = (byte[])payload.Clone();
                    varint.AsSpan(0, Math.Min(5, payload.Length - position)).CopyTo(overwritten.AsSpan(position));
                    Bounded(binding, overwritten);
                }
            }
        }

        static void Bounded<T>(StateBinding<T> binding, byte[] bytes)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var accepted = Bindings.TryDeserialize(binding, bytes, out var value, out _);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(allocated <= (64L * bytes.Length) + (32 * 1024),
                $"{binding.TypeName}: reading {bytes.Length} bytes allocated {allocated} bytes: {Convert.ToHexString(bytes)}");
            if (accepted)
            {
                Assert.True(binding.Diff(value!, binding.Deserialize(binding.Serialize(value!))).IsEmpty);
            }
        }
    }

    [Fact]
    public void InvalidUtf8IsAnInvalidValue()
    {
        var binding = Bindings.Of<UserPreferencesRecord>();
        foreach (var bad in new byte[][] { [0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xE2, 0x82] })
        {
            var payload = Payload(binding.MemberCount, (ref StateWriter w) =>
            {
                w.WriteInt32(0);
                w.WriteInt32(1);
                w.WriteBoolean(true);
                w.WriteVarUInt32((uint)bad.Length + 1);
                bad.CopyTo(w.Reserve(bad.Length));
            });

            var error = Assert.Throws<StateFormatException>(() => binding.Deserialize(payload));
            Assert.Equal(StateFormatError.InvalidValue, error.Error);
            Assert.Equal(StateFormat.HeaderSize + 9, error.Offset); // the string's length prefix
            AssertNamesTypeAndOffset(binding, error);
            Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0xFF)]
    public void BooleanOtherThanZeroOrOneIsAnInvalidValue(byte value)
    {
        var binding = Bindings.Of<UserPreferencesRecord>();
        var payload = binding.Serialize(Preferences);
        var flagAt = StateFormat.HeaderSize + 8;
        Assert.Equal(1, payload[flagAt]);
        payload[flagAt] = value;

        var error = Assert.Throws<StateFormatException>(() => binding.Deserialize(payload));
        Assert.Equal(StateFormatError.InvalidValue, error.Error);
        Assert.Equal(flagAt, error.Offset);
        AssertNamesTypeAndOffset(binding, error);
    }

    [Fact]
    public void NullableWithPresenceByteTwoIsAnInvalidValue()
    {
        var binding = Bindings.Of<EdgeCaseRecord>();
        var payload = binding.Serialize(Edge);
        var at = OffsetOfMember(binding, Edge, nameof(EdgeCaseRecord.MaybeInt));
        Assert.Equal(1, payload[at]);
        payload[at] = 2;

        var error = Assert.Throws<StateFormatException>(() => binding.Deserialize(payload));
        Assert.Equal(StateFormatError.InvalidValue, error.Error);
        Assert.Equal(at, error.Offset);
    }

    [Fact]
    public void DuplicateDictionaryKeyIsAnInvalidValue()
    {
        var binding = Bindings.Of<CampaignStateRecord>();
        var secondKeyAt = 0;
        var payload = Payload(binding.MemberCount, (ref StateWriter w) =>
        {
            w.WriteInt64(1);
            w.WriteString("name");
            w.WriteByte(1);
            w.WriteString("owner");
            w.WriteCount(0);
            w.WriteCount(2);
            w.WriteString("tv");
            w.WriteInt32(1);
            secondKeyAt = w.Position;
            w.WriteString("tv");
            w.WriteInt32(2);
            w.WriteCount(0);
            w.WriteString(null);
        });

        var error = Assert.Throws<StateFormatException>(() => binding.Deserialize(payload));
        Assert.Equal(StateFormatError.InvalidValue, error.Error);
        Assert.Equal(secondKeyAt, error.Offset);
        Assert.Contains("\"tv\"", error.Message, StringComparison.Ordinal);
        AssertNamesTypeAndOffset(binding, error);
    }

    [Fact]
    public void NullDictionaryKeyIsAnInvalidValue()
    {
        var binding = Bindings.Of<CampaignStateRecord>();
        var payload = Payload(binding.MemberCount, (ref StateWriter w) =>
        {
            w.WriteInt64(1);
            w.WriteString("name");
            w.WriteByte(1);
            w.WriteString("owner");
            w.WriteCount(0);
            w.WriteCount(1);
            w.WriteString(null);
            w.WriteInt32(1);
            w.WriteCount(0);
            w.WriteString(null);
        });

        var error = Assert.Throws<StateFormatException>(() => binding.Deserialize(payload));
        Assert.Equal(StateFormatError.InvalidValue, error.Error);
    }

    [Fact]
    public void TrailingGarbageIsAnInvalidLength()
    {
        Trailing(Bindings.Of<ComputeStateRecord>(), Compute);
        Trailing(Bindings.Of<CampaignStateRecord>(), Campaign);
        Trailing(Bindings.Of<EdgeCaseRecord>(), Edge);
        Trailing(Bindings.Of<UserPreferencesRecord>(), Preferences);

        static void Trailing<T>(StateBinding<T> binding, T value)
        {
            var payload = binding.Serialize(value);
            foreach (var garbage in new byte[][] { [0], [0xFF, 0xFF], new byte[100] })
            {
                var error = Assert.Throws<StateFormatException>(() => binding.Deserialize([.. payload, .. garbage]));
                Assert.Equal(StateFormatError.InvalidLength, error.Error);
                Assert.Equal(payload.Length, error.Offset);
                AssertNamesTypeAndOffset(binding, error);
            }
        }
    }

    [Fact]
    public void NestedObjectWithWrongLengthIsAnInvalidLength()
    {
        var binding = Bindings.Of<ComputeStateRecord>();
        var value = Compute;
        var payload = binding.Serialize(value);
        var paramsAt = OffsetOfMember(binding, value, nameof(ComputeStateRecord.Params));
        var length = BitConverter.ToInt32(payload, paramsAt);
        Assert.Equal(1 + 12, length); // member count byte, two floats and an int

        foreach (var wrong in new[] { 0, -2, int.MinValue, length - 1, int.MaxValue })
        {
            var corrupt = (byte[])payload.Clone();
            BitConverter.GetBytes(wrong).CopyTo(corrupt, paramsAt);
            var error = Assert.Throws<StateFormatException>(() => binding.Deserialize(corrupt));
            Assert.True(error.Error is StateFormatError.InvalidLength or StateFormatError.Truncated, $"{wrong}: {error.Error}");
        }

        // A struct member stored as a null object is refused rather than read as default.
        var performanceAt = OffsetOfMember(binding, value, nameof(ComputeStateRecord.Performance));
        var nullStruct = (byte[])payload.Clone();
        BitConverter.GetBytes(-1).CopyTo(nullStruct, performanceAt);
        var nullError = Assert.Throws<StateFormatException>(() => binding.Deserialize(nullStruct));
        Assert.Equal(StateFormatError.InvalidValue, nullError.Error);
        Assert.Equal(performanceAt + 4, nullError.Offset);
    }

    [Fact]
    public void InvalidDecimalDateAndOffsetAreInvalidValues()
    {
        var binding = Bindings.Of<EdgeCaseRecord>();
        var payload = binding.Serialize(Edge);

        Expect(nameof(EdgeCaseRecord.Decimal), 12, [0xFF, 0xFF, 0xFF, 0xFF]); // flags with reserved bits
        Expect(nameof(EdgeCaseRecord.Decimal), 12, [0, 0, 29, 0]);             // scale 29
        Expect(nameof(EdgeCaseRecord.Date), 0, BitConverter.GetBytes(0x3FFF_FFFF_FFFF_FFFFL)); // ticks past DateTime.MaxValue
        Expect(nameof(EdgeCaseRecord.Date), 0, BitConverter.GetBytes(0x7FFF_FFFF_FFFF_FFFFL)); // UTC kind, ticks past MaxValue
        Expect(nameof(EdgeCaseRecord.Moment), 8, BitConverter.GetBytes((short)(15 * 60))); // +15:00 offset
        Expect(nameof(EdgeCaseRecord.Moment), 0, BitConverter.GetBytes(DateTime.MaxValue.Ticks + 1));

        void Expect(string member, int within, byte[] bytes)
        {
            var at = OffsetOfMember(binding, Edge, member);
            var corrupt = (byte[])payload.Clone();
            bytes.CopyTo(corrupt, at + within);
            var error = Assert.Throws<StateFormatException>(() => binding.Deserialize(corrupt));
            Assert.Equal(StateFormatError.InvalidValue, error.Error);
            Assert.Equal(at, error.Offset);
        }
    }

    [Fact]
    public void OverlongVarIntIsAnInvalidLength()
    {
        var binding = Bindings.Of<UserPreferencesRecord>();
        var payload = Payload(binding.MemberCount, (ref StateWriter w) =>
        {
            w.WriteInt32(0);
            w.WriteInt32(1);
            w.WriteBoolean(true);
            foreach (var b in new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 })
            {
                w.WriteByte(b);
            }
        });

        var error = Assert.Throws<StateFormatException>(() => binding.Deserialize(payload));
        Assert.Equal(StateFormatError.InvalidLength, error.Error);
        Assert.Equal(StateFormat.HeaderSize + 9, error.Offset);
    }

    [Fact]
    public void ExceptionMessageNamesTypeAndOffset()
    {
        var binding = Bindings.Of<CampaignStateRecord>();
        var payload = binding.Serialize(Campaign with { Notes = null });
        var error = Assert.Throws<StateFormatException>(() => binding.Deserialize(payload.AsSpan(0, payload.Length - 1)));

        Assert.Equal("OvasabiState.Tests.Records.CampaignStateRecord", error.TypeName);
        Assert.Equal(StateFormatError.Truncated, error.Error);
        Assert.InRange(error.Offset, StateFormat.HeaderSize, payload.Length - 1);
        Assert.StartsWith("Cannot read OvasabiState.Tests.Records.CampaignStateRecord: ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"byte offset {error.Offset}", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(StateFormatError.Truncated), error.Message, StringComparison.Ordinal);
    }

    private delegate void WriteMembers(ref StateWriter writer);

    /// <summary>A hand-built payload: a valid header, then whatever <paramref name="write"/> writes.</summary>
    private static byte[] Payload(int memberCount, WriteMembers write)
    {
        using var buffer = new StateBuffer();
        var writer = new StateWriter(buffer);
        writer.WriteHeader(1, memberCount);
        write(ref writer);
        writer.Flush();
        return buffer.ToArray();
    }

    /// <summary>
    /// The payload offset where <paramref name="member"/> starts: the length of the payload of a
    /// value whose later members are cut off, found by serializing with an announced member count.
    /// </summary>
    private static int OffsetOfMember<T>(StateBinding<T> binding, T value, string member)
    {
        var ordinal = IndexOf(binding.MemberNames, member);
        var payload = binding.Serialize(value);

        // Every strict prefix ending exactly at a member boundary reads as "member count = ordinal"
        // once the header's count is patched; find the boundary by trying each prefix.
        for (var length = StateFormat.HeaderSize; length <= payload.Length; length++)
        {
            var prefix = payload[..length];
            prefix[4] = (byte)ordinal;
            if (Bindings.TryDeserialize(binding, prefix, out _, out _))
            {
                return length;
            }
        }

        throw new InvalidOperationException($"No boundary found before {member}.");
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"No member {name}.", nameof(name));
    }

    private static byte[] Splice(byte[] payload, int at, byte[] replacement) =>
        [.. payload.AsSpan(0, at), .. replacement, .. payload.AsSpan(at)];

    private static void ReadAll(byte[] bytes)
    {
        ReadOrReject(Bindings.Of<ComputeStateRecord>(), bytes);
        ReadOrReject(Bindings.Of<UserPreferencesRecord>(), bytes);
        ReadOrReject(Bindings.Of<UserSessionRecord>(), bytes);
        ReadOrReject(Bindings.Of<CampaignStateRecord>(), bytes);
        ReadOrReject(Bindings.Of<PerformanceMetricsRecord>(), bytes);
        ReadOrReject(Bindings.Of<EdgeCaseRecord>(), bytes);
        ReadOrReject(Bindings.Of<Records.Evolution.V2.Widget>(), bytes);
    }

    private static void Truncations<T>(StateBinding<T> binding, T value)
    {
        var payload = binding.Serialize(value);
        for (var length = 0; length < payload.Length; length++)
        {
            // Every member takes at least one byte, so a strict prefix can never be complete.
            Assert.False(Bindings.TryDeserialize(binding, payload.AsSpan(0, length), out _, out var error),
                $"{binding.TypeName}: a {length}-byte prefix of a {payload.Length}-byte payload was accepted");
            Assert.Equal(binding.TypeName, error!.TypeName);
            Assert.InRange(error.Offset, 0, length);
            Assert.True(error.Error is StateFormatError.Truncated or StateFormatError.InvalidLength,
                $"{binding.TypeName}: prefix of {length} bytes gave {error.Error}: {error.Message}");
        }

        Assert.True(Bindings.TryDeserialize(binding, payload, out _, out _));
    }

    private static void Corruptions<T>(StateBinding<T> binding, T value)
    {
        var payload = binding.Serialize(value);
        var corrupt = new byte[payload.Length];
        for (var position = 0; position < payload.Length; position++)
        {
            foreach (var replacement in new[] { (byte)(payload[position] ^ 0xFF), (byte)(payload[position] ^ 0x01), (byte)0, (byte)0x80, (byte)0x7F, (byte)0xFF })
            {
                payload.CopyTo(corrupt, 0);
                corrupt[position] = replacement;
                ReadOrReject(binding, corrupt);
            }
        }
    }

    /// <summary>
    /// Reads <paramref name="bytes"/>: a rejection must be a well-formed <see cref="StateFormatException"/>;
    /// an accepted payload must decode to a value that itself round trips.
    /// </summary>
    private static void ReadOrReject<T>(StateBinding<T> binding, ReadOnlySpan<byte> bytes)
    {
        if (Bindings.TryDeserialize(binding, bytes, out var value, out var error))
        {
            var again = binding.Serialize(value!);
            Assert.True(binding.Diff(value!, binding.Deserialize(again)).IsEmpty,
                $"{binding.TypeName}: accepted {Convert.ToHexString(bytes)} but the value does not round trip");
            return;
        }

        Assert.Equal(binding.TypeName, error!.TypeName);
        Assert.InRange(error.Offset, 0, bytes.Length);
        Assert.Contains($"byte offset {error.Offset}", error.Message, StringComparison.Ordinal);
    }

    private static void AssertNamesTypeAndOffset<T>(StateBinding<T> binding, StateFormatException error)
    {
        Assert.Equal(binding.TypeName, error.TypeName);
        Assert.Contains(binding.TypeName, error.Message, StringComparison.Ordinal);
        Assert.Contains($"byte offset {error.Offset}", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Error.ToString(), error.Message, StringComparison.Ordinal);
    }
}
