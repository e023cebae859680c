using System;
using System.Collections.Generic;
using System.Numerics;

namespace OvasabiState;

/// <summary>
/// The conflict rules behind <see cref="MergePolicy"/>, called by generated merge code for a
/// member changed differently on both sides. Every rule is deterministic: equal inputs give
/// equal outputs whatever order the sides arrived in.
/// </summary>
public static class MergePolicies
{
    /// <summary><see cref="MergePolicy.Max"/>; ties go to the higher-priority side.</summary>
    public static T Max<T>(T ours, T theirs, MergeContext context, IComparer<T>? comparer = null)
    {
        var order = (comparer ?? Comparer<T>.Default).Compare(ours, theirs);
        return order == 0 ? context.ByPriority(ours, theirs) : order > 0 ? ours : theirs;
    }

    /// <summary><see cref="MergePolicy.Min"/>; ties go to the higher-priority side.</summary>
    public static T Min<T>(T ours, T theirs, MergeContext context, IComparer<T>? comparer = null)
    {
        var order = (comparer ?? Comparer<T>.Default).Compare(ours, theirs);
        return order == 0 ? context.ByPriority(ours, theirs) : order < 0 ? ours : theirs;
    }

    /// <summary><see cref="MergePolicy.Add"/>: both sides' increments over the base are kept.</summary>
    public static T Add<T>(T @base, T ours, T theirs)
        where T : INumberBase<T> => unchecked(ours + theirs - @base);

    /// <summary><see cref="MergePolicy.Union"/> for arrays.</summary>
    public static T[]? Union<T>(T[]? ours, T[]? theirs, MergeContext context) =>
        UnionItems(ours, theirs, context)?.ToArray();

    /// <summary><see cref="MergePolicy.Union"/> for lists.</summary>
    public static List<T>? Union<T>(List<T>? ours, List<T>? theirs, MergeContext context) =>
        UnionItems(ours, theirs, context);

    /// <summary><see cref="MergePolicy.Union"/> for read-only lists.</summary>
    public static IReadOnlyList<T>? Union<T>(IReadOnlyList<T>? ours, IReadOnlyList<T>? theirs, MergeContext context) =>
        UnionItems(ours, theirs, context);

    /// <summary><see cref="MergePolicy.Union"/> for dictionaries: all keys, the priority side winning shared keys.</summary>
    public static Dictionary<string, T>? Union<T>(Dictionary<string, T>? ours, Dictionary<string, T>? theirs, MergeContext context)
    {
        if (ours is null || theirs is null)
        {
            return ours ?? theirs;
        }

        var (first, second) = context.OursHasPriority ? (ours, theirs) : (theirs, ours);
        var merged = new Dictionary<string, T>(first, StringComparer.Ordinal);
        foreach (var pair in second)
        {
            merged.TryAdd(pair.Key, pair.Value);
        }

        return merged;
    }

    private static List<T>? UnionItems<T>(IReadOnlyList<T>? ours, IReadOnlyList<T>? theirs, MergeContext context)
    {
        if (ours is null && theirs is null)
        {
            return null;
        }

        var (first, second) = context.OursHasPriority ? (ours, theirs) : (theirs, ours);
        var merged = new List<T>((first?.Count ?? 0) + (second?.Count ?? 0));
        var seen = new HashSet<T>();
        foreach (var list in new[] { first, second })
        {
            if (list is null)
            {
                continue;
            }

            for (var i = 0; i < list.Count; i++)
            {
                if (seen.Add(list[i]) || ReferenceEquals(list, first))
                {
                    merged.Add(list[i]);
                }
            }
        }

        return merged;
    }
}
