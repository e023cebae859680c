using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace OvasabiState;

/// <summary>
/// Member equality for generated diff and merge code. Two values are equal exactly when they
/// serialize to the same bytes: floats compare bitwise (NaN equals NaN, 0 differs from -0),
/// decimals keep their scale, dates keep their kind and offset, strings compare ordinally.
/// So "no member differs" and "same content hash" always agree.
/// </summary>
public static class StateEquality
{
    /// <summary>Equality for integers, booleans, chars, enums, GUIDs and time spans.</summary>
    public static bool Equal<T>(T left, T right)
        where T : struct, IEquatable<T> => left.Equals(right);

    /// <summary>Bitwise equality of floats.</summary>
    public static bool Equal(float left, float right) =>
        BitConverter.SingleToInt32Bits(left) == BitConverter.SingleToInt32Bits(right);

    /// <summary>Bitwise equality of doubles.</summary>
    public static bool Equal(double left, double right) =>
        BitConverter.DoubleToInt64Bits(left) == BitConverter.DoubleToInt64Bits(right);

    /// <summary>Decimal equality that also compares scale (1.0 differs from 1.00).</summary>
    public static bool Equal(decimal left, decimal right)
    {
        Span<int> a = stackalloc int[4];
        Span<int> b = stackalloc int[4];
        decimal.GetBits(left, a);
        decimal.GetBits(right, b);
        return a.SequenceEqual(b);
    }

    /// <summary>Date equality that also compares <see cref="DateTime.Kind"/>.</summary>
    public static bool Equal(DateTime left, DateTime right) => left.ToBinary() == right.ToBinary();

    /// <summary>Equality of instant and offset.</summary>
    public static bool Equal(DateTimeOffset left, DateTimeOffset right) => left.EqualsExact(right);

    /// <summary>Ordinal string equality.</summary>
    public static bool Equal(string? left, string? right) => string.Equals(left, right, StringComparison.Ordinal);

    /// <summary>Equality of nullable values with the given equality for present values.</summary>
    public static bool Optional<T>(T? left, T? right, Func<T, T, bool> equal)
        where T : struct =>
        left.HasValue == right.HasValue && (!left.HasValue || equal(left.GetValueOrDefault(), right.GetValueOrDefault()));

    /// <summary>Bitwise equality of unmanaged arrays (vectorized).</summary>
    public static bool Unmanaged<T>(T[]? left, T[]? right)
        where T : unmanaged =>
        ReferenceEquals(left, right) || (left is not null && right is not null &&
            MemoryMarshal.AsBytes(left.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(right.AsSpan())));

    /// <summary>Bitwise equality of unmanaged lists (vectorized).</summary>
    public static bool Unmanaged<T>(List<T>? left, List<T>? right)
        where T : unmanaged =>
        ReferenceEquals(left, right) || (left is not null && right is not null &&
            MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(left)).SequenceEqual(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(right))));

    /// <summary>Element-wise equality of lists and arrays.</summary>
    public static bool Sequence<T>(IReadOnlyList<T>? left, IReadOnlyList<T>? right, Func<T, T, bool> equal)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null || left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!equal(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Equality of string-keyed dictionaries (same keys, equal values).</summary>
    public static bool Map<T>(Dictionary<string, T>? left, Dictionary<string, T>? right, Func<T, T, bool> equal)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null || left.Count != right.Count)
        {
            return false;
        }

        foreach (var pair in left)
        {
            if (!right.TryGetValue(pair.Key, out var other) || !equal(pair.Value, other))
            {
                return false;
            }
        }

        return true;
    }
}
