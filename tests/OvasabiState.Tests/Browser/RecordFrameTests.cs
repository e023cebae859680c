using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using OvasabiState.Browser;
using OvasabiState.Storage;
using Xunit;

namespace OvasabiState.Tests.Browser;

/// <summary>The binary frame records read from IndexedDB come back in (ovasabi-frame.js writes it, RecordFrame reads it).</summary>
public sealed class RecordFrameTests
{
    public static TheoryData<IndexKey> Keys => new()
    {
        IndexKey.From(1L),
        IndexKey.From(-0.5),
        IndexKey.From(9_007_199_254_740_991L),
        IndexKey.From(double.PositiveInfinity),
        IndexKey.From(double.NegativeInfinity),
        IndexKey.From(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123)),
        IndexKey.From(new DateTime(1969, 12, 31, 0, 0, 0, DateTimeKind.Utc)),
        IndexKey.From(""),
        IndexKey.From("a\"b\\cé😀"),
        IndexKey.Array(),
        IndexKey.Array("x", 2L, IndexKey.Array(IndexKey.From(DateTime.UnixEpoch))),
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_key_kind_is_read_back_equal_as_a_key_and_as_an_index_value(IndexKey key)
    {
        var record = new IndexedDbRecord(key, [1, 2, 3], new Dictionary<string, IndexKey> { ["Owner"] = key });

        var read = Assert.Single(RecordFrame.Read(FrameBuilder.Of(["Owner"], [record])).Records);

        Assert.Equal(key, read.Key);
        Assert.Equal(key.Kind, read.Key.Kind);
        Assert.Equal(key, read.IndexValues["Owner"]);
        Assert.Equal(new byte[] { 1, 2, 3 }, read.Value);
    }

    [Fact]
    public void Records_keep_their_order_payloads_and_only_the_index_values_they_have()
    {
        var records = Enumerable.Range(0, 50)
            .Select(i => new IndexedDbRecord(
                IndexKey.From($"k{i}"),
                Encoding.UTF8.GetBytes(new string('x', i)),
                i % 2 == 0
                    ? new Dictionary<string, IndexKey> { ["N"] = IndexKey.From((long)i), ["o_t"] = IndexKey.Array("o", (long)i) }
                    : new Dictionary<string, IndexKey>()))
            .ToList();

        var read = RecordFrame.Read(FrameBuilder.Of(["N", "o_t"], records)).Records;

        Assert.Equal(records.Select(r => r.Key), read.Select(r => r.Key));
        Assert.Equal(records.Select(r => Convert.ToHexString(r.Value)), read.Select(r => Convert.ToHexString(r.Value)));
        Assert.Equal(IndexKey.Array("o", 4L), read[4].IndexValues["o_t"]);
        Assert.Equal(IndexKey.From(4L), read[4].IndexValues["N"]);
        Assert.Equal(["N", "o_t"], read[4].IndexValues.Keys);
        Assert.Empty(read[5].IndexValues);
        Assert.False(read[5].IndexValues.ContainsKey("N"));
    }

    [Fact]
    public void A_record_with_some_index_values_answers_for_those_only()
    {
        var record = new IndexedDbRecord("k", [], new Dictionary<string, IndexKey> { ["o_t"] = IndexKey.Array("o", 1L) });

        var read = Assert.Single(RecordFrame.Read(FrameBuilder.Of(["N", "o_t", "Tags"], [record])).Records);

        Assert.Equal([new KeyValuePair<string, IndexKey>("o_t", IndexKey.Array("o", 1L))], read.IndexValues);
        Assert.False(read.IndexValues.TryGetValue("N", out _));
        Assert.Throws<KeyNotFoundException>(() => read.IndexValues["Tags"]);
    }

    [Fact]
    public void An_empty_frame_has_no_records()
    {
        var read = RecordFrame.Read(FrameBuilder.Of(["Owner"], [], counter: 3));
        Assert.Empty(read.Records);
        Assert.Empty(read.Absent);
        Assert.Equal(3, read.Counter);
    }

    [Fact]
    public void The_write_counter_and_each_records_version_token_are_read_back()
    {
        var records = new[]
        {
            new IndexedDbRecord("a", [1], new Dictionary<string, IndexKey>()) { Version = "18c2f0a1b2c30001.7f3a" },
            new IndexedDbRecord("b", [2], new Dictionary<string, IndexKey>()), // stored by the first wave: no $ver
        };

        var read = RecordFrame.Read(FrameBuilder.Of([], records, counter: 9_007_199_254_740_991));

        Assert.Equal(9_007_199_254_740_991L, read.Counter);
        Assert.Equal(["18c2f0a1b2c30001.7f3a", ""], read.Records.Select(r => r.Version));
        Assert.Equal(-1, RecordFrame.Read(FrameBuilder.Of([], [], counter: -1)).Counter);
    }

    [Fact]
    public void A_conflict_frame_tells_a_changed_record_from_an_absent_one()
    {
        var stored = new IndexedDbRecord("changed", [7, 7], new Dictionary<string, IndexKey>()) { Version = "1.2" };

        var result = RecordFrame.Read(FrameBuilder.Of([], [stored], counter: 5, absent: ["gone"])).AsMutationResult();

        Assert.Equal(5, result.Counter);
        Assert.Equal(2, result.Conflicts.Count);
        Assert.Equal(new IndexedDbConflict("changed", null, "1.2"), result.Conflicts[0] with { Stored = null });
        Assert.Equal(new byte[] { 7, 7 }, result.Conflicts[0].Stored);
        Assert.Equal(new IndexedDbConflict("gone", null, null), result.Conflicts[1]);
    }

    public static TheoryData<string, byte[]> Damaged => new()
    {
        { "nothing at all", [] },
        { "version 1 (the first wave's)", new FrameBuilder().U8(1).U8(0).U32(0).ToArray() },
        { "a counter that is not whole", FrameBuilder.Head(1.5).U8(0).U32(0).ToArray() },
        { "a counter below -1", FrameBuilder.Head(-2).U8(0).U32(0).ToArray() },
        { "a NaN counter", FrameBuilder.Head(double.NaN).U8(0).U32(0).ToArray() },
        { "a count with no records", FrameBuilder.Head().U8(0).U32(3).ToArray() },
        { "unknown record flags", FrameBuilder.Head().U8(0).U32(1).Key("a").U8(2).Token("").U8(0).U32(0).ToArray() },
        { "a token longer than the frame", FrameBuilder.Head().U8(0).U32(1).Key("a").U8(0).U16(40).Raw([65]).ToArray() },
        { "a payload longer than the frame", FrameBuilder.Head().U8(0).U32(1).Key("a").U8(0).Token("").U8(0).U32(10).Raw([1, 2]).ToArray() },
        { "a payload length of 4 GiB", FrameBuilder.Head().U8(0).U32(1).Key("a").U8(0).Token("").U8(0).U32(uint.MaxValue).ToArray() },
        { "an unknown key tag", FrameBuilder.Head().U8(0).U32(1).U8(9).ToArray() },
        { "a NaN number key", FrameBuilder.Head().U8(0).U32(1).U8(1).F64(double.NaN).U8(0).Token("").U8(0).U32(0).ToArray() },
        { "a date beyond .NET's range", FrameBuilder.Head().U8(0).U32(1).U8(2).F64(8.64e15).U8(0).Token("").U8(0).U32(0).ToArray() },
        { "an index ordinal past the names", FrameBuilder.Head().U8(1).U16(1).Raw("N"u8.ToArray()).U32(1).Key("a").U8(0).Token("").U8(1).U8(1).Key("x").U32(0).ToArray() },
        { "an index listed twice", FrameBuilder.Head().U8(2).U16(1).Raw("N"u8.ToArray()).U16(1).Raw("M"u8.ToArray()).U32(1).Key("a").U8(0).Token("").U8(2).U8(0).Key("x").U8(0).Key("y").U32(0).ToArray() },
        { "index values out of order", FrameBuilder.Head().U8(2).U16(1).Raw("N"u8.ToArray()).U16(1).Raw("M"u8.ToArray()).U32(1).Key("a").U8(0).Token("").U8(2).U8(1).Key("x").U8(0).Key("y").U32(0).ToArray() },
        { "a string key that is not UTF-8", FrameBuilder.Head().U8(0).U32(1).U8(3).U32(2).Raw([0xC3, 0x28]).U8(0).Token("").U8(0).U32(0).ToArray() },
        { "a string longer than the frame", FrameBuilder.Head().U8(0).U32(1).U8(3).U32(100).Raw([65]).ToArray() },
        { "bytes after the last record", FrameBuilder.Head().U8(0).U32(0).U8(7).ToArray() },
        { "arrays nested 17 deep", Nested(17) },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void A_damaged_frame_is_a_FormatException_that_says_what_is_wrong(string damage, byte[] frame)
    {
        var exception = Assert.Throws<FormatException>(() => RecordFrame.Read(frame));
        Assert.False(string.IsNullOrWhiteSpace(exception.Message), damage);
    }

    [Fact]
    public void Arrays_nested_16_deep_are_read()
    {
        var read = Assert.Single(RecordFrame.Read(Nested(16)).Records);
        Assert.Equal(IndexKeyKind.Array, read.Key.Kind);
    }

    /// <summary>One record whose key is <paramref name="depth"/> arrays, each holding the next, around a number.</summary>
    private static byte[] Nested(int depth)
    {
        var key = IndexKey.From(1L);
        for (var i = 0; i < depth; i++)
        {
            key = IndexKey.Array(key);
        }

        return FrameBuilder.Head().U8(0).U32(1).Key(key).U8(0).Token("").U8(0).U32(0).ToArray();
    }
}
