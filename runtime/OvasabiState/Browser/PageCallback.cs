using System;

namespace OvasabiState.Browser;

/// <summary>Runs .NET handlers for a page event (online, page hide, another tab's message) on both boundaries.</summary>
internal static class PageCallback
{
    /// <summary>Runs <paramref name="raise"/>; an exception must not travel back into the page's event handler.</summary>
    public static void Run(Action raise)
    {
        try
        {
            raise();
        }
#pragma warning disable CA1031 // An exception must not travel back into the page's event handler.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
