using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using OvasabiState.Browser;
using OvasabiState.Storage;
using Xunit;

namespace OvasabiState.Tests.Browser;

/// <summary>The JSON that crosses to ovasabi-state.js: keys, ranges, schemas, write batches (reads come back framed: RecordFrameTests).</summary>
public sealed class BrowserJsonTests
{
    public static TheoryData<string, IndexKey> Keys => new()
    {
        { """{"n":1}""", IndexKey.From(1L) },
        { """{"n":-0.5}""", IndexKey.From(-0.5) },
        { """{"n":9007199254740991}""", IndexKey.From(9_007_199_254_740_991L) },
        { """{"n":"Infinity"}""", IndexKey.From(double.PositiveInfinity) },
        { """{"n":"-Infinity"}""", IndexKey.From(double.NegativeInfinity) },
        { """{"d":1700000000123}""", IndexKey.From(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123)) },
        { """{"d":-86400000}""", IndexKey.From(new DateTime(1969, 12, 31, 0, 0, 0, DateTimeKind.Utc)) },
        { """{"s":""}""", IndexKey.From("") },
        { """{"s":"a\"b\\cé\uD83D\uDE00"}""", IndexKey.From("a\"b\\cé😀") }, // only what JSON requires is escaped
        { """{"a":[]}""", IndexKey.Array() },
        { """{"a":[{"s":"x"},{"n":2},{"a":[{"d":0}]}]}""", IndexKey.Array("x", 2L, IndexKey.Array(IndexKey.From(DateTime.UnixEpoch))) },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_key_is_written_in_the_compact_form(string json, IndexKey key) =>
        Assert.Equal(json, BrowserJson.Key(key));

    [Fact]
    public void IndexKey_None_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BrowserJson.Key(IndexKey.None));
        Assert.Throws<ArgumentException>(() => BrowserJson.Key(IndexKey.Array(IndexKey.From("a"), IndexKey.None)));
    }

    [Fact]
    public void A_range_leaves_out_absent_bounds()
    {
        Assert.Equal("""{"lo":false,"uo":false}""", BrowserJson.Range(KeyRange.All));
        Assert.Equal("""{"l":{"s":"a"},"u":{"s":"a"},"lo":false,"uo":false}""", BrowserJson.Range(KeyRange.Only("a")));
        Assert.Equal("""{"u":{"n":5},"lo":false,"uo":true}""", BrowserJson.Range(new KeyRange(IndexKey.None, 5L, UpperOpen: true)));
    }

    [Fact]
    public void Schemas_carry_names_hashes_and_index_definitions()
    {
        var schema = new StoreSchema("notes", "Id", 1, "abc",
            [new IndexSchema("Owner", ["Owner"], unique: false, multiEntry: false), new IndexSchema("tags", ["Tags"], unique: true, multiEntry: true), new IndexSchema("o_t", ["Owner", "Time"], false, false)],
            ["Owner", "Tags", "Time"], []);
        Assert.Equal(
            """[{"name":"notes","hash":"abc","indexes":[{"name":"Owner","keyPath":["Owner"],"unique":false,"multiEntry":false},{"name":"tags","keyPath":["Tags"],"unique":true,"multiEntry":true},{"name":"o_t","keyPath":["Owner","Time"],"unique":false,"multiEntry":false}]}]""",
            BrowserJson.Schemas([schema]));
    }

    [Fact]
    public void A_batch_writes_keys_index_values_and_lengths_and_concatenates_the_payloads()
    {
        var put = new List<IndexedDbRecord>
        {
            new("a", [1, 2], new Dictionary<string, IndexKey> { ["Owner"] = "ann", ["Gone"] = IndexKey.None }),
            new(7L, [], new Dictionary<string, IndexKey>()),
            new("b", [3], new Dictionary<string, IndexKey> { ["o_t"] = IndexKey.Array("bob", 5L) }),
        };
        var (json, bytes) = BrowserJson.Batch(put, [IndexKey.From("z")]);
        Assert.Equal(
            """{"p":[{"k":{"s":"a"},"i":{"Owner":{"s":"ann"}},"l":2},{"k":{"n":7},"i":{},"l":0},{"k":{"s":"b"},"i":{"o_t":{"a":[{"s":"bob"},{"n":5}]}},"l":1}],"d":[{"s":"z"}]}""",
            json);
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes);
    }
}
