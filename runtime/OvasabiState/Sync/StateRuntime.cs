using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Layers;
using OvasabiState.Serialization;
using OvasabiState.Storage;
using OvasabiState.Versions;

namespace OvasabiState.Sync;

/// <summary>What every store shares: the browser boundary, the clock, the layers and their health, the current user, and where errors and conflicts go.</summary>
internal sealed class StateRuntime
{
    public StateRuntime(OvasabiStateOptions options, IBrowserStorage storage)
    {
        Options = options;
        Storage = storage;
        IndexedDb = new IndexedDbLayer(storage);
        Timed =
        [
            new TimedLayer(new WebStorageLayer(storage, WebStorageArea.Session), options.TimeProvider),
            new TimedLayer(new WebStorageLayer(storage, WebStorageArea.Local), options.TimeProvider),
            new TimedLayer(IndexedDb, options.TimeProvider),
        ];
        Layers = Timed.ToDictionary(l => l.Layer, l => (IPersistentLayer)l);
        Health = Enum.GetValues<StateLayer>().ToDictionary(l => l, l => new LayerHealth(l));
        Clock = new HybridClock(options.TimeProvider, storage.InstanceId);
        Background = new BackgroundWork(options.TimeProvider, exception => Report(StateLayer.Memory, exception, "*", null));
    }

    /// <summary>This tab's version clock: every write's version comes from it.</summary>
    public HybridClock Clock { get; }

    /// <summary>Timers and background work, stopped and awaited on dispose.</summary>
    public BackgroundWork Background { get; }

    /// <summary>The durable outbox (IndexedDB), set by the sync manager.</summary>
    public DurableOutbox? Outbox { get; set; }

    /// <summary>Tries the layers that are unavailable again (a retry runs it first); set by the sync manager.</summary>
    public Func<Task>? ProbeLayers { get; set; }

    /// <summary>
    /// Flushes the conflict log, so a conflict is stored before the merged value that hides its
    /// loser; true when every entry of the log is kept beyond this tab. Set by the sync manager.
    /// </summary>
    public Func<Task<bool>>? FlushConflictLog { get; set; }

    /// <summary>
    /// Raised when a version of a record became durable beyond this tab: a shared layer
    /// (IndexedDB, localStorage) or the outbox holds it (for the simulator's bookkeeping of
    /// acknowledged writes).
    /// </summary>
    public event Action<string, IndexKey, StateVersion>? Durable;

    /// <summary>Raises <see cref="Durable"/>.</summary>
    public void ReportDurable(string store, IndexKey key, StateVersion version) => Durable?.Invoke(store, key, version);

    public OvasabiStateOptions Options { get; }

    public IBrowserStorage Storage { get; }

    public TimeProvider Time => Options.TimeProvider;

    public string InstanceId => Storage.InstanceId;

    public IndexedDbLayer IndexedDb { get; }

    public IReadOnlyDictionary<StateLayer, IPersistentLayer> Layers { get; }

    /// <summary>The same layers, with their timings (session, local, IndexedDB).</summary>
    public IReadOnlyList<TimedLayer> Timed { get; }

    public IReadOnlyDictionary<StateLayer, LayerHealth> Health { get; }

    /// <summary>The current user's scope; set at initialization and on user switch.</summary>
    public StoreScope Scope { get; set; } = new("anonymous");

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Receives every layer error (the sync manager turns them into status and events).</summary>
    public event Action<StateError>? Error;

    /// <summary>Receives every resolved conflict (the sync manager logs it).</summary>
    public Func<ConflictRecord, ValueTask>? ConflictSink { get; set; }

    /// <summary>Records a layer failure: status, event. Never throws.</summary>
    public void Report(StateLayer layer, Exception exception, string store, IndexKey? key)
    {
        var failure = exception switch
        {
            StorageException storage => storage.Failure,
            StateFormatException => StorageFailure.Corrupt,
            _ => StorageFailure.Failed,
        };
        Health[layer].Failed(failure, exception.Message);
        Error?.Invoke(new StateError(layer, failure, store, key, exception));
    }
}
