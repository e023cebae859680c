using OvasabiState.Conflicts;
using OvasabiState.Versions;

namespace OvasabiState.Stores;

/// <summary>
/// One record in a tab's memory: the tab's copy (<see cref="Current"/>, a tombstone when it was
/// deleted), what each lower layer is known to hold (<see cref="Synced"/>, by the store's layer
/// positions), and the copies whose values are kept as merge bases. A layer whose known copy is
/// not <see cref="Current"/> is pending. Changed only under the store's gate, through
/// <see cref="MemoryTable{T}"/>.
/// </summary>
internal sealed class MemoryEntry<T>
{
    /// <summary>At most this many base copies are kept: one per layer, and the copy written last.</summary>
    private const int MaxKnown = 4;

    private readonly Copy<T>?[] _known = new Copy<T>?[MaxKnown];

    public MemoryEntry(IndexKey key, Copy<T> current, LayerSync[] synced)
    {
        Key = key;
        Current = current;
        Synced = synced;
    }

    /// <summary>The record key.</summary>
    public IndexKey Key { get; }

    /// <summary>This tab's copy (set through <see cref="MemoryTable{T}"/>, which tracks what is pending).</summary>
    public Copy<T> Current { get; private set; }

    /// <summary>What each lower layer holds, by the store's layer position (set through <see cref="MemoryTable{T}"/>).</summary>
    public LayerSync[] Synced { get; }

    /// <summary>Replaces <see cref="Current"/>; only <see cref="MemoryTable{T}"/> calls it.</summary>
    internal void SetCurrent(Copy<T> copy) => Current = copy;

    /// <summary>The version of <see cref="Current"/> held by this tab's row in the durable outbox, or none.</summary>
    public StateVersion OutboxVersion { get; set; }

    /// <summary>The encoded stored entry of <see cref="Current"/>, once encoded (layers share it).</summary>
    public byte[]? Encoded { get; set; }

    /// <summary>The version <see cref="Encoded"/> was encoded from.</summary>
    public StateVersion EncodedVersion { get; set; }

    /// <summary>
    /// True while a conflict decided for this record is not stored beyond this tab: its merged copy
    /// (or the copy that beat ours) hides the loser, so it reaches no shared layer and no outbox
    /// row until the conflict log is kept (see <see cref="StoreFlusher{T}.LogConflictsAsync"/>).
    /// </summary>
    public bool AwaitsLog { get; set; }

    /// <summary>True when a shared layer (not sessionStorage) or this tab's outbox row holds <see cref="Current"/>.</summary>
    public bool IsKeptBeyondTab(StateLayer[] lower)
    {
        if (OutboxVersion == Current.Version)
        {
            return true;
        }

        for (var position = 0; position < Synced.Length; position++)
        {
            if (lower[position] != StateLayer.Session && Synced[position].State == LayerState.Holds && Synced[position].Version == Current.Version)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True unless the record is deleted.</summary>
    public bool IsLive => !Current.Deleted;

    /// <summary>
    /// True when layer <paramref name="position"/> does not hold <see cref="Current"/>. A tombstone
    /// is written where nothing is stored too: another tab's copy of the record, written there
    /// later, must meet the delete (a record that never left memory has no tombstone at all).
    /// </summary>
    public bool IsPendingFor(int position)
    {
        var sync = Synced[position];
        return !(sync.State == LayerState.Holds && sync.Version == Current.Version);
    }

    /// <summary>True when some layer does not hold <see cref="Current"/>.</summary>
    public bool IsPending()
    {
        for (var position = 0; position < Synced.Length; position++)
        {
            if (IsPendingFor(position))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="version"/> left this tab's memory: some layer holds it, or the outbox does.</summary>
    public bool IsShared(StateVersion version)
    {
        if (OutboxVersion == version)
        {
            return true;
        }

        foreach (var sync in Synced)
        {
            if (sync.State == LayerState.Holds && sync.Version == version)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The kept copy of <paramref name="version"/>, or null.</summary>
    public Copy<T>? Known(StateVersion version)
    {
        foreach (var copy in _known)
        {
            if (copy is not null && copy.Version == version)
            {
                return copy;
            }
        }

        return null;
    }

    /// <summary>Keeps <paramref name="copy"/> as a merge base, dropping the oldest copy no layer holds when full.</summary>
    public void Remember(Copy<T> copy)
    {
        var free = -1;
        var oldest = -1;
        for (var i = 0; i < _known.Length; i++)
        {
            var known = _known[i];
            if (known is null)
            {
                free = free < 0 ? i : free;
            }
            else if (known.Version == copy.Version)
            {
                return;
            }
            else if (!IsHeld(known.Version) && (oldest < 0 || known.Version < _known[oldest]!.Version))
            {
                oldest = i;
            }
        }

        var slot = free >= 0 ? free : oldest >= 0 ? oldest : OldestSlot();
        _known[slot] = copy;
    }

    /// <summary>The kept copies, for the outbox row.</summary>
    public Copy<T>?[] KnownCopies => _known;

    private bool IsHeld(StateVersion version)
    {
        foreach (var sync in Synced)
        {
            if (sync.State == LayerState.Holds && sync.Version == version)
            {
                return true;
            }
        }

        return false;
    }

    private int OldestSlot()
    {
        var oldest = 0;
        for (var i = 1; i < _known.Length; i++)
        {
            if (_known[i]!.Version < _known[oldest]!.Version)
            {
                oldest = i;
            }
        }

        return oldest;
    }
}
