using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Xunit;

namespace OvasabiState.Tests;

/// <summary><see cref="IndexKey"/> orders, compares and prints keys as IndexedDB does.</summary>
public sealed class IndexKeyTests
{
    private static readonly Gen<IndexKey> Leaves = Gen.OneOf<IndexKey>(
        Gen.Int[-3, 3].Select(i => IndexKey.From((double)i)),
        Gen.OneOf(-0.0, 0.5, double.PositiveInfinity, double.NegativeInfinity).Select(IndexKey.From),
        Gen.Long[-3, 3].Select(ms => IndexKey.From(DateTime.UnixEpoch.AddMilliseconds(ms))),
        Gen.String[Gen.Char["ab|[]\\sn:d\uD83D\uDE00"], 0, 4].Select(s => IndexKey.From(s)));

    private static readonly Gen<IndexKey> Keys = Gen.Frequency<IndexKey>(
        (4, Leaves),
        (1, Leaves.Array[0, 3].Select(IndexKey.Array)),
        (1, Gen.OneOf(Leaves, Leaves.Array[0, 2].Select(IndexKey.Array)).Array[0, 3].Select(IndexKey.Array)));

    [Fact]
    public void KindsSortNumbersThenDatesThenStringsThenArrays()
    {
        var ordered = new[]
        {
            IndexKey.From(double.NegativeInfinity),
            IndexKey.From(-1.5),
            IndexKey.From(0L),
            IndexKey.From(double.MaxValue),
            IndexKey.From(double.PositiveInfinity),
            IndexKey.From(new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
            IndexKey.From(DateTime.UnixEpoch),
            IndexKey.From(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            IndexKey.From(new DateTime(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
            IndexKey.From(""),
            IndexKey.From("A"),
            IndexKey.From("B"),
            IndexKey.From("a"),
            IndexKey.From("aa"),
            IndexKey.From("b"),
            IndexKey.Array(),
            IndexKey.Array(IndexKey.From(0L)),
            IndexKey.Array(IndexKey.From(0L), IndexKey.From(0L)),
            IndexKey.Array(IndexKey.From(1L)),
            IndexKey.Array(IndexKey.From(1L), IndexKey.From("z")),
            IndexKey.Array(IndexKey.From("a")),
            IndexKey.Array(IndexKey.Array()),
        };

        for (var i = 0; i < ordered.Length; i++)
        {
            for (var j = 0; j < ordered.Length; j++)
            {
                Assert.True(Math.Sign(ordered[i].CompareTo(ordered[j])) == i.CompareTo(j), $"{ordered[i]} vs {ordered[j]}");
                Assert.Equal(i < j, ordered[i] < ordered[j]);
                Assert.Equal(i <= j, ordered[i] <= ordered[j]);
                Assert.Equal(i > j, ordered[i] > ordered[j]);
                Assert.Equal(i >= j, ordered[i] >= ordered[j]);
            }
        }

        var shuffled = ordered.Reverse().ToList();
        shuffled.Sort();
        Assert.Equal(ordered, shuffled);
    }

    [Fact]
    public void StringsCompareByUtf16CodeUnits()
    {
        // U+1F600 is stored as D83D DE00, which sorts before U+FFFD although its code point is larger.
        Assert.True(IndexKey.From("\U0001F600") < IndexKey.From("\uFFFD"));
        Assert.True(IndexKey.From("Z") < IndexKey.From("a"));
        Assert.True(IndexKey.From("\u00e9") > IndexKey.From("f"));
        Assert.NotEqual(IndexKey.From("e\u0301"), IndexKey.From("\u00e9")); // no normalization
    }

    [Fact]
    public void NumbersCompareByValue()
    {
        Assert.Equal(IndexKey.From(1L), IndexKey.From(1.0));
        Assert.Equal(IndexKey.From(0.0), IndexKey.From(-0.0));
        Assert.Equal(IndexKey.From(0.0).GetHashCode(), IndexKey.From(-0.0).GetHashCode());
        Assert.Equal(IndexKeyKind.None, IndexKey.From(double.NaN).Kind);
        Assert.Equal(IndexKey.None, IndexKey.From((string?)null));
        Assert.NotEqual(IndexKey.From(0L), IndexKey.From(DateTime.UnixEpoch)); // a number is never a date
        Assert.Equal(0, IndexKey.From(DateTime.UnixEpoch).Number);
        Assert.Equal(1.5, IndexKey.From(DateTime.UnixEpoch.AddTicks(15_000)).Number);
        Assert.Equal(IndexKey.From(DateTime.UnixEpoch.AddTicks(15_000)), IndexKey.From(DateTimeOffset.UnixEpoch.AddTicks(15_000)));
        Assert.Equal(IndexKey.From(new DateTimeOffset(2024, 1, 1, 2, 0, 0, TimeSpan.FromHours(2))), IndexKey.From(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void AccessorsCheckTheKind()
    {
        Assert.Equal("x", IndexKey.From("x").Text);
        Assert.Equal(2, IndexKey.Array(IndexKey.From(1L), IndexKey.From("a")).Items.Count);
        Assert.Throws<InvalidOperationException>(() => IndexKey.From("x").Number);
        Assert.Throws<InvalidOperationException>(() => IndexKey.From(1L).Text);
        Assert.Throws<InvalidOperationException>(() => IndexKey.From(1L).Items);
        Assert.Throws<ArgumentNullException>(() => IndexKey.Array(null!));
    }

    [Fact]
    public void ManyLeavesOutAbsentElements()
    {
        var key = IndexKey.Many(new[] { "a", null, "b" }, s => IndexKey.From(s));
        Assert.Equal(IndexKey.Array(IndexKey.From("a"), IndexKey.From("b")), key);
        Assert.Equal(IndexKey.None, IndexKey.Many<string>(null, s => IndexKey.From(s)));
        Assert.Equal(IndexKey.Array(), IndexKey.Many(Array.Empty<double>(), IndexKey.From));
        Assert.Equal(IndexKey.From(3L), IndexKey.From<int>(3, i => IndexKey.From(i)));
        Assert.Equal(IndexKey.None, IndexKey.From<int>(null, i => IndexKey.From(i)));
    }

    [Fact]
    public void ToStringHasTheDocumentedForms()
    {
        Assert.Equal("n:1.5", IndexKey.From(1.5).ToString());
        Assert.Equal("n:-2", IndexKey.From(-2L).ToString());
        Assert.Equal("d:0", IndexKey.From(DateTime.UnixEpoch).ToString());
        Assert.Equal("s:abc", IndexKey.From("abc").ToString());
        Assert.Equal("[n:1|s:a]", IndexKey.Array(IndexKey.From(1L), IndexKey.From("a")).ToString());
        Assert.Equal("[]", IndexKey.Array().ToString());
        Assert.Equal("none", IndexKey.None.ToString());
        Assert.Equal("s:$singleton", IndexKey.Singleton.ToString());
        Assert.Equal("s:0f8fad5b-d9cb-469f-a165-70867728950e", IndexKey.From(new Guid("0F8FAD5B-D9CB-469F-A165-70867728950E")).ToString());
    }

    [Fact]
    public void KeyTextNestedDeeperThanTheBoundIsRefusedWithoutExhaustingTheStack()
    {
        var deepest = IndexKey.From(1L);
        for (var i = 0; i < IndexKey.MaxDepth; i++)
        {
            deepest = IndexKey.Array(deepest);
        }

        Assert.True(IndexKey.TryParse(deepest.ToString(), out var parsed));
        Assert.Equal(deepest, parsed);
        Assert.False(IndexKey.TryParse("[" + deepest + "]", out _)); // one level more
        Assert.False(IndexKey.TryParse(new string('[', 200_000), out var none)); // a planted key: no StackOverflowException
        Assert.Equal(IndexKey.None, none);
        Assert.False(IndexKey.TryParse(new string('[', 200_000) + new string(']', 200_000), out _));
    }

    [Fact]
    public void ToStringIsCanonical()
    {
        // Equal keys print the same; different keys never do, even when strings contain the
        // characters the array form uses.
        var tricky = new[]
        {
            IndexKey.From(0.0), IndexKey.From(-0.0), IndexKey.From(1L), IndexKey.From("1"), IndexKey.From("n:1"),
            IndexKey.From(DateTime.UnixEpoch.AddMilliseconds(1)),
            IndexKey.Array(IndexKey.From("a|s:b")), IndexKey.Array(IndexKey.From("a"), IndexKey.From("b")),
            IndexKey.Array(IndexKey.From("a]")), IndexKey.Array(IndexKey.Array(IndexKey.From("a"))),
            IndexKey.Array(IndexKey.From("[s:a]")), IndexKey.From("[s:a]"), IndexKey.Array(IndexKey.From("a\\")),
            IndexKey.Array(IndexKey.From("a\\|s:b")), IndexKey.Array(IndexKey.From("a\\"), IndexKey.From("b")),
            IndexKey.From("none"), IndexKey.None, IndexKey.Array(IndexKey.From("")), IndexKey.Array(),
        };

        foreach (var left in tricky)
        {
            foreach (var right in tricky)
            {
                Assert.True(left.Equals(right) == (left.ToString() == right.ToString()), $"{left} vs {right}");
            }
        }
    }

    [Fact]
    public void ComparisonIsATotalOrderConsistentWithEqualsHashAndText() =>
        Gen.Select(Keys, Keys, Keys).Sample((a, b, c) =>
        {
            Assert.Equal(Math.Sign(a.CompareTo(b)), -Math.Sign(b.CompareTo(a)));
            Assert.Equal(a.CompareTo(b) == 0, a.Equals(b));
            Assert.Equal(a.Equals(b), a == b);
            Assert.Equal(a.Equals(b), a.ToString() == b.ToString());
            if (a.Equals(b))
            {
                Assert.Equal(a.GetHashCode(), b.GetHashCode());
            }

            if (a <= b && b <= c)
            {
                Assert.True(a <= c, $"{a} <= {b} <= {c} but not {a} <= {c}");
            }
        }, iter: 3000);

    [Fact]
    public void SortingMatchesAnIndexedDbModel() =>
        Keys.List[0, 30].Sample(keys =>
        {
            var sorted = keys.OrderBy(k => k).ToList();
            var model = keys.OrderBy(k => k, Comparer<IndexKey>.Create(ModelCompare)).ToList();
            Assert.Equal(model.Select(k => k.ToString()), sorted.Select(k => k.ToString()));
        }, iter: 500);

    /// <summary>IndexedDB's key comparison, written from the spec rather than from the implementation.</summary>
    private static int ModelCompare(IndexKey a, IndexKey b)
    {
        static int Rank(IndexKey k) => k.Kind switch
        {
            IndexKeyKind.Number => 1,
            IndexKeyKind.Date => 2,
            IndexKeyKind.String => 3,
            IndexKeyKind.Array => 4,
            _ => 0,
        };

        if (Rank(a) != Rank(b))
        {
            return Rank(a) < Rank(b) ? -1 : 1;
        }

        switch (a.Kind)
        {
            case IndexKeyKind.Number or IndexKeyKind.Date:
                return a.Number < b.Number ? -1 : a.Number > b.Number ? 1 : 0;
            case IndexKeyKind.String:
                var (x, y) = (a.Text, b.Text);
                for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
                {
                    if (x[i] != y[i])
                    {
                        return x[i] < y[i] ? -1 : 1;
                    }
                }

                return x.Length.CompareTo(y.Length);
            case IndexKeyKind.Array:
                for (var i = 0; i < Math.Min(a.Items.Count, b.Items.Count); i++)
                {
                    var order = ModelCompare(a.Items[i], b.Items[i]);
                    if (order != 0)
                    {
                        return order;
                    }
                }

                return a.Items.Count.CompareTo(b.Items.Count);
            default:
                return 0;
        }
    }
}
