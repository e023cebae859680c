using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace OvasabiState.Storage;

/// <summary>
/// A record's index values as read from the browser: names and keys in two arrays, looked up by
/// a linear scan. A store has a handful of indexes and a query reads a frame of 1,000 records: a
/// <see cref="Dictionary{TKey, TValue}"/> per record (buckets, entries, a comparer) was
/// measurable on the WebAssembly interpreter; here a record whose values cover every index
/// shares the frame's name array, and costs one array of values.
/// </summary>
internal sealed class IndexValueList : IReadOnlyDictionary<string, IndexKey>
{
    private readonly string[] _names;
    private readonly IndexKey[] _values;

    /// <param name="names">The index names, distinct; <paramref name="values"/>[i] is the value of <c>names[i]</c>.</param>
    /// <param name="values">The values.</param>
    public IndexValueList(string[] names, IndexKey[] values)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(values);
        if (names.Length != values.Length)
        {
            throw new ArgumentException($"{names.Length} index names for {values.Length} values", nameof(values));
        }

        _names = names;
        _values = values;
    }

    public int Count => _values.Length;

    public IEnumerable<string> Keys => _names;

    public IEnumerable<IndexKey> Values => _values;

    public IndexKey this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"the record has no value for index '{key}'");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out IndexKey value)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (string.Equals(_names[i], key, StringComparison.Ordinal))
            {
                value = _values[i];
                return true;
            }
        }

        value = default;
        return false;
    }

    public IEnumerator<KeyValuePair<string, IndexKey>> GetEnumerator()
    {
        for (var i = 0; i < _names.Length; i++)
        {
            yield return new KeyValuePair<string, IndexKey>(_names[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
