using System.Diagnostics;

namespace OvasabiState.Stores;

/// <summary>
/// A time budget for long work on the page's thread: the caller does its items, asks
/// <see cref="Due"/> after each, and yields to the page when it says so. Counting items instead
/// missed both ways: a count that kept encoding short let the per-record bookkeeping after the
/// write run 35 ms on a slow turn, and smaller counts yielded so often that every yield also let a
/// step of the journal's spread in, which made the flush ~100 ms slower.
/// </summary>
internal struct PageSlice
{
    /// <summary>The longest stretch between two yields; the page's target is to be blocked at most 20 ms.</summary>
    private const double BudgetMilliseconds = 8;

    /// <summary>The clock is read every this many items: a read costs about a microsecond in WebAssembly.</summary>
    private const int CheckEvery = 32;

    private long _started;
    private int _items;

    public static PageSlice Start() => new() { _started = Stopwatch.GetTimestamp() };

    /// <summary>True when the budget is spent (then the slice restarts): the caller yields.</summary>
    public bool Due()
    {
        if (++_items % CheckEvery != 0 || Stopwatch.GetElapsedTime(_started).TotalMilliseconds < BudgetMilliseconds)
        {
            return false;
        }

        _started = Stopwatch.GetTimestamp();
        return true;
    }
}
