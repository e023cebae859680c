using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace OvasabiState.Generators.Model;

/// <summary>
/// A source location as plain data. Pipeline models never hold <see cref="Location"/> (it roots
/// the syntax tree and defeats caching); this is turned back into one when reporting.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location) =>
        location?.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}
