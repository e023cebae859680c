using System;
using System.IO.Hashing;
using System.Text;
using System.Threading;

namespace OvasabiState.Versions;

/// <summary>
/// One tab's hybrid logical clock (HLC: wall time plus a logical counter). Each version it issues
/// is greater than every version it has issued or observed, so a write over a copy is always a
/// greater version than that copy, even when the wall clock goes back; and it stays close to
/// wall time, so version order mostly matches the order in which people made their edits.
/// Thread-safe.
/// </summary>
internal sealed class HybridClock
{
    private readonly TimeProvider _time;
    private long _last;

    public HybridClock(TimeProvider time, string writer)
    {
        _time = time;
        Origin = writer;
        Writer = WriterId(writer);
    }

    /// <summary>The writer id of this tab in every version it issues.</summary>
    public ulong Writer { get; }

    /// <summary>The tab's instance id (shown as a copy's origin).</summary>
    public string Origin { get; }

    /// <summary>A new version, greater than every version issued or observed so far.</summary>
    public StateVersion Next()
    {
        var wall = _time.GetUtcNow().ToUnixTimeMilliseconds() << 16;
        while (true)
        {
            var last = Volatile.Read(ref _last);
            var next = Math.Max(wall, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return new StateVersion(next, Writer);
            }
        }
    }

    /// <summary>Notes a version read or received, so the next one issued is greater.</summary>
    public void Observe(StateVersion version)
    {
        while (true)
        {
            var last = Volatile.Read(ref _last);
            if (version.Clock <= last || Interlocked.CompareExchange(ref _last, version.Clock, last) == last)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The writer id of an instance id: 64 bits of XXH3 (so versions stay 16 bytes) with the lowest
    /// bit clear: odd ids are kept for <see cref="StateVersion.Erasure"/>.
    /// </summary>
    public static ulong WriterId(string instanceId) => XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(instanceId)) & ~1UL;
}
