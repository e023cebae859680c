using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace OvasabiState;

/// <summary>
/// A value IndexedDB can use as a key or index value: a number, date, string or array of these.
/// Compares in IndexedDB's order, so host-side queries return what the browser would.
/// </summary>
public readonly struct IndexKey : IEquatable<IndexKey>, IComparable<IndexKey>
{
    private readonly double _number;
    private readonly string? _text;
    private readonly IndexKey[]? _items;

    private IndexKey(IndexKeyKind kind, double number, string? text, IndexKey[]? items)
    {
        Kind = kind;
        _number = number;
        _text = text;
        _items = items;
    }

    /// <summary>The absent value.</summary>
    public static IndexKey None => default;

    /// <summary>The key of a singleton record (a type without a <see cref="StateKeyAttribute"/>).</summary>
    public static IndexKey Singleton { get; } = From("$singleton");

    /// <summary>The kind of value.</summary>
    public IndexKeyKind Kind { get; }

    /// <summary>The number, or the date in milliseconds since the Unix epoch.</summary>
    public double Number => Kind is IndexKeyKind.Number or IndexKeyKind.Date ? _number : throw WrongKind(IndexKeyKind.Number);

    /// <summary>The string.</summary>
    public string Text => Kind == IndexKeyKind.String ? _text! : throw WrongKind(IndexKeyKind.String);

    /// <summary>The elements of an array key.</summary>
    public IReadOnlyList<IndexKey> Items => Kind == IndexKeyKind.Array ? _items! : throw WrongKind(IndexKeyKind.Array);

    /// <summary>A string key; null gives <see cref="None"/>.</summary>
    public static IndexKey From(string? value) => value is null ? None : new(IndexKeyKind.String, 0, value, null);

    /// <summary>A number key; NaN (not a valid IndexedDB key) gives <see cref="None"/>.</summary>
    public static IndexKey From(double value) => double.IsNaN(value) ? None : new(IndexKeyKind.Number, value, null, null);

    /// <summary>A number key from an integer (exact up to 2^53).</summary>
    public static IndexKey From(long value) => new(IndexKeyKind.Number, value, null, null);

    /// <summary>A number key from an unsigned integer (exact up to 2^53).</summary>
    public static IndexKey From(ulong value) => new(IndexKeyKind.Number, value, null, null);

    /// <summary>A date key (UTC milliseconds; local and unspecified times are taken as they are converted by <see cref="DateTime.ToUniversalTime"/>).</summary>
    public static IndexKey From(DateTime value) =>
        new(IndexKeyKind.Date, (value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime()).Subtract(DateTime.UnixEpoch).TotalMilliseconds, null, null);

    /// <summary>A date key from the instant of <paramref name="value"/>.</summary>
    public static IndexKey From(DateTimeOffset value) =>
        new(IndexKeyKind.Date, (value.UtcTicks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerMillisecond, null, null);

    /// <summary>A GUID key, as its lower-case "D" string.</summary>
    public static IndexKey From(Guid value) => From(value.ToString("D", CultureInfo.InvariantCulture));

    /// <summary>A time span key, as milliseconds.</summary>
    public static IndexKey From(TimeSpan value) => From(value.TotalMilliseconds);

    /// <summary>A nullable value: null gives <see cref="None"/>.</summary>
    public static IndexKey From<T>(T? value, Func<T, IndexKey> convert)
        where T : struct =>
        value is { } present ? convert(present) : None;

    /// <summary>A compound or array key.</summary>
    public static IndexKey Array(params IndexKey[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(IndexKeyKind.Array, 0, null, items);
    }

    /// <summary>
    /// The key of a multi-entry member: an array of its elements' keys (absent elements are left
    /// out, as IndexedDB does); a null collection gives <see cref="None"/>.
    /// </summary>
    public static IndexKey Many<T>(IEnumerable<T>? items, Func<T, IndexKey> convert)
    {
        ArgumentNullException.ThrowIfNull(convert);
        return items is null ? None : Array(items.Select(convert).Where(k => k.Kind != IndexKeyKind.None).ToArray());
    }

    /// <inheritdoc />
    public int CompareTo(IndexKey other)
    {
        if (Kind != other.Kind)
        {
            return Kind.CompareTo(other.Kind);
        }

        switch (Kind)
        {
            case IndexKeyKind.Number:
            case IndexKeyKind.Date:
                return _number.CompareTo(other._number);
            case IndexKeyKind.String:
                // IndexedDB compares strings by UTF-16 code units: ordinal.
                return string.CompareOrdinal(_text, other._text);
            case IndexKeyKind.Array:
                var count = Math.Min(_items!.Length, other._items!.Length);
                for (var i = 0; i < count; i++)
                {
                    var order = _items[i].CompareTo(other._items[i]);
                    if (order != 0)
                    {
                        return order;
                    }
                }

                return _items.Length.CompareTo(other._items.Length);
            default:
                return 0;
        }
    }

    /// <inheritdoc />
    public bool Equals(IndexKey other) => CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IndexKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Kind);
        switch (Kind)
        {
            case IndexKeyKind.Number or IndexKeyKind.Date:
                hash.Add(_number);
                break;
            case IndexKeyKind.String:
                hash.Add(_text, StringComparer.Ordinal);
                break;
            case IndexKeyKind.Array:
                foreach (var item in _items!)
                {
                    hash.Add(item.GetHashCode());
                }

                break;
        }

        return hash.ToHashCode();
    }

    /// <summary>
    /// A canonical text form, unique per key (equal keys give equal text, different keys
    /// different text): used inside web-storage keys. Numbers <c>n:</c>, dates <c>d:</c>,
    /// strings <c>s:</c> with <c>\</c>, <c>|</c> and <c>]</c> escaped by a backslash, arrays
    /// <c>[..|..]</c>.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Append(text);
        return text.ToString();
    }

    /// <summary>A string key.</summary>
    public static implicit operator IndexKey(string value) => From(value);

    /// <summary>A number key.</summary>
    public static implicit operator IndexKey(long value) => From(value);

    /// <summary>A GUID key.</summary>
    public static implicit operator IndexKey(Guid value) => From(value);

    /// <summary>A string key (named alternative of the implicit conversion).</summary>
    public static IndexKey FromString(string value) => From(value);

    /// <summary>Reads the canonical text form written by <see cref="ToString"/>; false when it is not one.</summary>
    public static bool TryParse(string? text, out IndexKey key)
    {
        key = None;
        if (text is null)
        {
            return false;
        }

        var position = 0;
        if (!TryParseAt(text, ref position, depth: 0, out key) || position != text.Length)
        {
            key = None;
            return false;
        }

        return true;
    }

    /// <summary>Orders keys as IndexedDB does.</summary>
    public static bool operator <(IndexKey left, IndexKey right) => left.CompareTo(right) < 0;

    /// <summary>Orders keys as IndexedDB does.</summary>
    public static bool operator >(IndexKey left, IndexKey right) => left.CompareTo(right) > 0;

    /// <summary>Orders keys as IndexedDB does.</summary>
    public static bool operator <=(IndexKey left, IndexKey right) => left.CompareTo(right) <= 0;

    /// <summary>Orders keys as IndexedDB does.</summary>
    public static bool operator >=(IndexKey left, IndexKey right) => left.CompareTo(right) >= 0;

    /// <summary>Equal keys.</summary>
    public static bool operator ==(IndexKey left, IndexKey right) => left.Equals(right);

    /// <summary>Different keys.</summary>
    public static bool operator !=(IndexKey left, IndexKey right) => !left.Equals(right);

    private void Append(StringBuilder text)
    {
        switch (Kind)
        {
            case IndexKeyKind.None:
                text.Append("none");
                break;
            case IndexKeyKind.Number:
                text.Append("n:").Append(Canonical(_number));
                break;
            case IndexKeyKind.Date:
                text.Append("d:").Append(Canonical(_number));
                break;
            case IndexKeyKind.String:
                text.Append("s:");
                foreach (var c in _text!)
                {
                    // Escaped so that a string inside an array cannot pass for the array's separators:
                    // ["a|s:b"] and ["a", "b"] must not print alike.
                    if (c is '\\' or '|' or ']')
                    {
                        text.Append('\\');
                    }

                    text.Append(c);
                }

                break;
            case IndexKeyKind.Array:
                text.Append('[');
                for (var i = 0; i < _items!.Length; i++)
                {
                    text.Append(i == 0 ? string.Empty : "|");
                    _items[i].Append(text);
                }

                text.Append(']');
                break;
        }
    }

    // -0 equals 0 as a key (as in IndexedDB), so it must print as 0.
    private static string Canonical(double number) =>
        (number == 0 ? 0d : number).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Arrays nested deeper than this are not keys (no key OvasabiState writes comes near it), in
    /// key text and in record frames alike. Keys come from outside (Web Storage, IndexedDB, other
    /// tabs' messages): without a bound, a planted key of nested brackets overflowed the stack and
    /// stopped the app at every start.
    /// </summary>
    internal const int MaxDepth = 16;

    private static bool TryParseAt(string text, ref int position, int depth, out IndexKey key)
    {
        key = None;
        if (string.CompareOrdinal(text, position, "none", 0, 4) == 0)
        {
            position += 4;
            return true;
        }

        if (position < text.Length && text[position] == '[')
        {
            if (depth == MaxDepth)
            {
                return false;
            }

            position++;
            var items = new List<IndexKey>();
            while (position < text.Length && text[position] != ']')
            {
                if (items.Count > 0 && text[position++] != '|')
                {
                    return false;
                }

                if (!TryParseAt(text, ref position, depth + 1, out var item))
                {
                    return false;
                }

                items.Add(item);
            }

            if (position >= text.Length)
            {
                return false;
            }

            position++;
            key = Array(items.ToArray());
            return true;
        }

        if (position + 2 > text.Length || text[position + 1] != ':')
        {
            return false;
        }

        var tag = text[position];
        position += 2;
        var value = new StringBuilder();
        while (position < text.Length && text[position] is not ('|' or ']'))
        {
            if (text[position] == '\\' && tag == 's')
            {
                position++;
                if (position >= text.Length)
                {
                    return false;
                }
            }

            value.Append(text[position++]);
        }

        switch (tag)
        {
            case 's':
                key = From(value.ToString());
                return true;
            case 'n' or 'd' when double.TryParse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                key = new IndexKey(tag == 'n' ? IndexKeyKind.Number : IndexKeyKind.Date, number, null, null);
                return true;
            default:
                return false;
        }
    }

    private InvalidOperationException WrongKind(IndexKeyKind wanted) =>
        new($"This key is a {Kind}, not a {wanted}.");
}
