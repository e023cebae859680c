using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>After a schema upgrade, records stored before an index existed are rewritten so index queries find them.</summary>
public sealed class ReindexTests
{
    [Fact]
    public async Task Records_stored_without_index_values_are_found_by_index_after_the_database_opens()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        foreach (var (id, type) in new[] { ("c1", "fluid"), ("c2", "particles"), ("c3", "particles") })
        {
            var value = new ComputeStateRecord { Id = id, Type = type, Timestamp = 1 };
            // As an older app build stored them: no index properties at all.
            browser.Browser.PlantRecord(Raw.Database(user), "compute_states",
                new IndexedDbRecord(id, Raw.Entry(value).Encode(), new Dictionary<string, IndexKey>()));
        }

        var session = await browser.OpenAsync();

        var particles = await session.Store<ComputeStateRecord>().QueryAsync("Type", KeyRange.Only("particles"));
        Assert.Equal(["c2", "c3"], particles.Select(p => p.Id));
        Assert.All(browser.Browser.Records(Raw.Database(user), "compute_states"), r => Assert.True(r.IndexValues.ContainsKey("type_time")));
    }

    [Fact]
    public void IndexKey_text_round_trips()
    {
        IndexKey[] keys =
        [
            IndexKey.From("a|b]c\\d"), IndexKey.From(""), IndexKey.From(-0.5), IndexKey.From(double.PositiveInfinity),
            IndexKey.From(new System.DateTime(2026, 11, 24, 1, 2, 3, System.DateTimeKind.Utc)),
            IndexKey.Array(IndexKey.From("x|"), IndexKey.Array(IndexKey.From(1L), IndexKey.From("]")), IndexKey.Array()),
            IndexKey.None,
        ];
        foreach (var key in keys)
        {
            Assert.True(IndexKey.TryParse(key.ToString(), out var parsed), key.ToString());
            Assert.Equal(key, parsed);
            Assert.Equal(key.Kind, parsed.Kind);
        }

        Assert.False(IndexKey.TryParse("q:1", out _));
        Assert.False(IndexKey.TryParse("[s:a", out _));
        Assert.False(IndexKey.TryParse("n:abc", out _));
        Assert.False(IndexKey.TryParse("s:a]", out _));
    }
}
