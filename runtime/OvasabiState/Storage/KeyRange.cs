namespace OvasabiState.Storage;

/// <summary>A range of keys, as IndexedDB's <c>IDBKeyRange</c>: either bound may be open or absent.</summary>
/// <param name="Lower">Lower bound, or <see cref="IndexKey.None"/> for none.</param>
/// <param name="Upper">Upper bound, or <see cref="IndexKey.None"/> for none.</param>
/// <param name="LowerOpen">Excludes the lower bound itself.</param>
/// <param name="UpperOpen">Excludes the upper bound itself.</param>
public readonly record struct KeyRange(IndexKey Lower, IndexKey Upper, bool LowerOpen = false, bool UpperOpen = false)
{
    /// <summary>Every key.</summary>
    public static KeyRange All => default;

    /// <summary>Exactly <paramref name="key"/>.</summary>
    public static KeyRange Only(IndexKey key) => new(key, key);

    /// <summary>Keys from <paramref name="lower"/> to <paramref name="upper"/>, both included.</summary>
    public static KeyRange Between(IndexKey lower, IndexKey upper) => new(lower, upper);

    /// <summary>Keys at or above <paramref name="lower"/>.</summary>
    public static KeyRange AtLeast(IndexKey lower) => new(lower, IndexKey.None);

    /// <summary>Keys at or below <paramref name="upper"/>.</summary>
    public static KeyRange AtMost(IndexKey upper) => new(IndexKey.None, upper);

    /// <summary>True when <paramref name="key"/> lies in the range.</summary>
    public bool Contains(IndexKey key)
    {
        if (key.Kind == IndexKeyKind.None)
        {
            return false;
        }

        if (Lower.Kind != IndexKeyKind.None)
        {
            var order = key.CompareTo(Lower);
            if (order < 0 || (order == 0 && LowerOpen))
            {
                return false;
            }
        }

        if (Upper.Kind != IndexKeyKind.None)
        {
            var order = key.CompareTo(Upper);
            if (order > 0 || (order == 0 && UpperOpen))
            {
                return false;
            }
        }

        return true;
    }
}
