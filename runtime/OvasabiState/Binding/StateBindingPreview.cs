using System;
using System.Text.RegularExpressions;
using OvasabiState.Serialization;

namespace OvasabiState;

/// <summary>A short, readable text of a stored payload, for dashboards, logs and conflict views.</summary>
public static partial class StateBindingPreview
{
    /// <summary>Long enough to recognise a record, short enough for a table cell.</summary>
    public const int DefaultMaxLength = 400;

    /// <summary>
    /// The record in <paramref name="payload"/> as its <c>ToString()</c> shows it, with collection
    /// type names shortened (<c>List[…]</c>) so the members after them still show, cut at
    /// <paramref name="maxLength"/> characters.
    /// </summary>
    /// <exception cref="StateFormatException">The payload cannot be read.</exception>
    public static string Preview(this IStateBinding binding, ReadOnlySpan<byte> payload, int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var text = CollectionTypeName().Replace(binding.ReadBoxed(payload)?.ToString() ?? "", "$1[…]");
        return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1), "…");
    }

    /// <summary>A collection's type name as ToString prints it, e.g. <c>System.Collections.Generic.List`1[System.String]</c>.</summary>
    [GeneratedRegex(@"System\.[\w.]*?(\w+)`\d+\[[\w.,\s`\[\]]*?\]+", RegexOptions.CultureInvariant)]
    private static partial Regex CollectionTypeName();
}
