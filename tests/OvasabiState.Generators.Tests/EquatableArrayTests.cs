using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using OvasabiState.Generators.Model;
using Xunit;

namespace OvasabiState.Generators.Tests;

/// <summary>
/// <see cref="EquatableArray{T}"/> compares by elements: it is what lets pipeline models that
/// hold collections compare equal across runs, so Roslyn can cache them.
/// </summary>
public sealed class EquatableArrayTests
{
    [Fact]
    public void Equal_contents_are_equal_with_the_same_hash()
    {
        var left = Of("a", "b", "c");
        var right = new EquatableArray<string>(new List<string> { "a", "b", "c" });

        Assert.True(left.Equals(right));
        Assert.True(left.Equals((object)right));
        Assert.True(left == right);
        Assert.False(left != right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    [Theory]
    [InlineData(new[] { 1, 2, 3 }, new[] { 1, 2, 4 })]
    [InlineData(new[] { 1, 2, 3 }, new[] { 3, 2, 1 })]
    [InlineData(new[] { 1, 2, 3 }, new[] { 1, 2 })]
    [InlineData(new[] { 1 }, new int[0])]
    public void Different_contents_are_not_equal(int[] a, int[] b)
    {
        var left = a.ToEquatableArray();
        var right = b.ToEquatableArray();

        Assert.False(left.Equals(right));
        Assert.False(right.Equals(left));
        Assert.False(left == right);
        Assert.True(left != right);
    }

    [Fact]
    public void Hash_depends_on_order_and_contents()
    {
        Assert.NotEqual(Of(1, 2).GetHashCode(), Of(2, 1).GetHashCode());
        Assert.NotEqual(Of(1, 2).GetHashCode(), Of(1, 3).GetHashCode());
    }

    [Fact]
    public void Default_and_empty_are_equal_and_behave_alike()
    {
        var @default = default(EquatableArray<int>);
        var empty = Array.Empty<int>().ToEquatableArray();

        Assert.Equal(@default, empty);
        Assert.True(@default == EquatableArray<int>.Empty);
        Assert.Equal(@default.GetHashCode(), empty.GetHashCode());
        Assert.True(@default.Count == 0);
        Assert.True(@default.IsEmpty);
        Assert.Empty(@default);
        Assert.True(@default.AsSpan().IsEmpty);
        Assert.Throws<IndexOutOfRangeException>(() => @default[0]);
    }

    [Fact]
    public void Elements_are_copied_so_later_changes_to_the_source_do_not_leak_in()
    {
        int[] source = [1, 2, 3];
        var array = source.ToEquatableArray();
        source[0] = 42;

        Assert.Equal([1, 2, 3], array);
        Assert.Equal(3, array.Count);
        Assert.Equal(2, array[1]);
    }

    [Fact]
    public void Compares_nested_records_by_value()
    {
        static IndexModel Index(string name) => new(name, Of("A", "B"), Unique: false, MultiEntry: false);

        var left = Of(Index("x"), Index("y"));
        var right = Of(Index("x"), Index("y"));

        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
        Assert.NotEqual(left, Of(Index("x"), Index("z")));
    }

    [Fact]
    public void Null_elements_are_allowed()
    {
        var left = Of<string>(null!, "a");
        var right = Of<string>(null!, "a");

        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    [Fact]
    public void Converts_from_an_immutable_array()
    {
        var array = ImmutableArray.Create(1, 2, 3).ToEquatableArray();

        Assert.Equal(Of(1, 2, 3), array);
    }

    [Fact]
    public void Models_holding_arrays_compare_by_value()
    {
        // What caching relies on: two parses of the same source give equal models.
        var first = GeneratorHarness.Run(TestInputs.EdgeCase).Result.TrackedSteps[TrackingNames.Models].Single().Outputs.Single().Value;
        var second = GeneratorHarness.Run(TestInputs.EdgeCase).Result.TrackedSteps[TrackingNames.Models].Single().Outputs.Single().Value;

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    private static EquatableArray<T> Of<T>(params T[] items)
        where T : IEquatable<T> => items.ToEquatableArray();
}
