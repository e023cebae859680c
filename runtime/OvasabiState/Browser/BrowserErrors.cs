using System;
using System.Text.RegularExpressions;
using OvasabiState.Storage;

namespace OvasabiState.Browser;

/// <summary>
/// Turns the module's <c>[ovs:Code] detail</c> errors into <see cref="StorageException"/>, for
/// both boundaries: the message of a <c>[JSImport]</c> JSException, and the message of an
/// IJSRuntime JSException (which appends the JavaScript stack after the first line).
/// </summary>
internal static partial class BrowserErrors
{
    /// <summary>The typed error for a failure the module reported (Failed when it carries no code).</summary>
    public static StorageException Map(StateLayer layer, Exception exception)
    {
        var match = ErrorPattern().Match(exception.Message);
        var failure = match.Success && Enum.TryParse<StorageFailure>(match.Groups[1].Value, out var parsed) ? parsed : StorageFailure.Failed;
        var detail = match.Success ? match.Groups[2].Value : FirstLine(exception.Message);
        return new StorageException(layer, failure, detail, exception);
    }

    /// <summary>The layer a Web Storage area backs.</summary>
    public static StateLayer Layer(WebStorageArea area) => area == WebStorageArea.Session ? StateLayer.Session : StateLayer.Local;

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    // The detail ends at the line's end: what follows is the JavaScript stack.
    [GeneratedRegex(@"\[ovs:(\w+)\] ([^\r\n]*)", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorPattern();
}
