using System;
using System.Collections.Generic;
using System.Linq;
using OvasabiState.Sync;
using OvasabiState.Versions;

namespace OvasabiState.Tests.Simulation;

/// <summary>
/// Every write a schedule made, what the writing tab saw before it, and whether it was acknowledged
/// (some layer or the outbox took a version that includes it); then the check of invariant (a): no
/// acknowledged write disappears silently.
/// </summary>
internal sealed class WriteLedger
{
    private readonly List<Write> _writes = [];
    private readonly Dictionary<(int Tab, string Key), List<(int Seq, StateVersion Version)>> _history = new();
    private readonly List<(int Tab, string Key, StateVersion Version)> _durable = [];

    public IReadOnlyList<Write> Writes => _writes;

    /// <summary>A write by <paramref name="tab"/> at step <paramref name="seq"/>: <paramref name="after"/> null is a delete.</summary>
    public void Record(int seq, int tab, string key, SimNoteRecord? before, bool sawDeleted, SimNoteRecord? after, StateVersion version) =>
        _writes.Add(new Write(seq, tab, key, before, sawDeleted, after, version));

    /// <summary>A version became durable in a tab's store (raised during a step; taken in after the step's observation).</summary>
    public void Durable(int tab, string key, StateVersion version) => _durable.Add((tab, key, version));

    /// <summary>What a tab's copy of a key was after step <paramref name="seq"/>; then acknowledges what became durable in it.</summary>
    public void Observe(int seq, int tab, string key, StateVersion? version)
    {
        if (!_history.TryGetValue((tab, key), out var list))
        {
            _history[(tab, key)] = list = [];
        }

        // None marks a copy gone from memory (a write that never left it, deleted; or a reload):
        // a copy read back later carries nothing of the writes before it.
        var v = version ?? StateVersion.None;
        if (list.Count == 0 ? !v.IsNone : list[^1].Version != v)
        {
            list.Add((seq, v));
        }
    }

    /// <summary>Marks acknowledged every write of a tab made before the durable version became its copy.</summary>
    public void Acknowledge()
    {
        foreach (var (tab, key, version) in _durable)
        {
            if (!_history.TryGetValue((tab, key), out var list))
            {
                continue;
            }

            var since = list.FindIndex(h => h.Version == version);
            if (since < 0)
            {
                continue;
            }

            var seq = list[since].Seq;
            var gone = list.FindLastIndex(since, h => h.Version.IsNone);
            var after = gone < 0 ? int.MinValue : list[gone].Seq;
            foreach (var write in _writes)
            {
                if (write.Tab == tab && write.Key == key && write.Seq <= seq && write.Seq > after)
                {
                    write.Acknowledged = true;
                }
            }
        }

        _durable.Clear();
    }

    /// <summary>
    /// Invariant (a): every acknowledged write is in the final value, was knowingly overwritten by a
    /// write that is itself accounted for, or is in the conflict log with both sides. Returns the
    /// writes that are not, described. Knowingly overwritten: a write later in real time or in
    /// version order (the order conflicts are decided in) replaced the value, having seen it. The
    /// value may have been seen in another write of it: two writes of one value merge into one.
    /// </summary>
    public List<string> Unaccounted(IReadOnlyDictionary<string, SimNoteRecord?> final, IReadOnlyList<ConflictRecord> log)
    {
        var binding = SimNoteRecord.OvasabiStateBinding.Instance;
        var logged = log.Select(c => (c.Key, Ours: c.OursDeleted ? null : binding.Deserialize(c.OursPayload), Theirs: c.TheirsDeleted ? null : binding.Deserialize(c.TheirsPayload), c.Members, Deletes: c.OursDeleted || c.TheirsDeleted)).ToList();

        // The accounted writes are the least fixpoint of the rules: first what the final value and
        // the log show, then every write knowingly overwritten by one already accounted for, until
        // nothing changes (memoizing a recursive check would cache "no" for a write met on a cycle).
        var members = new HashSet<(Write Write, string Member)>();
        var deletes = new HashSet<Write>();
        foreach (var write in _writes)
        {
            if (write.After is null)
            {
                if (DeleteShown(write))
                {
                    deletes.Add(write);
                }

                continue;
            }

            foreach (var member in SimNoteRecord.Members)
            {
                if (write.Sets(member) && Shown(write, member))
                {
                    members.Add((write, member));
                }
            }
        }

        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var write in _writes)
            {
                if (write.After is null)
                {
                    changed |= !deletes.Contains(write) && Recreated(write) && deletes.Add(write);
                    continue;
                }

                foreach (var member in SimNoteRecord.Members)
                {
                    changed |= write.Sets(member) && !members.Contains((write, member)) && Overwritten(write, member) && members.Add((write, member));
                }
            }
        }

        var problems = new List<string>();
        foreach (var write in _writes.Where(w => w.Acknowledged))
        {
            if (write.After is null)
            {
                if (!deletes.Contains(write))
                {
                    problems.Add($"the delete of {write.Key} by tab {write.Tab} at step {write.Seq} is gone without a trace");
                }

                continue;
            }

            foreach (var member in SimNoteRecord.Members)
            {
                if (write.Sets(member) && !members.Contains((write, member)))
                {
                    problems.Add($"{write.Key}.{member} = '{write.After.Get(member)}' by tab {write.Tab} at step {write.Seq} is lost (final: '{final[write.Key]?.Get(member) ?? "deleted"}')");
                }
            }
        }

        return problems;

        // In the final value, or one side of a logged conflict of the member (or of a delete).
        bool Shown(Write write, string member)
        {
            var value = write.After!.Get(member);
            return final[write.Key]?.Get(member) == value ||
                   logged.Any(c => c.Key == Key(write.Key) && (c.Members.Contains(member) || c.Deletes) &&
                                   (c.Ours?.Get(member) == value || c.Theirs?.Get(member) == value));
        }

        // A later write (in real time or in version order) replaced the value having seen it, and is accounted for.
        bool Overwritten(Write write, string member)
        {
            var value = write.After!.Get(member);
            return _writes.Any(later => (later.Seq > write.Seq || later.Version > write.Version) && later != write && later.Key == write.Key && later.Saw(member) == value &&
                                        (later.After is null ? deletes.Contains(later) : later.Sets(member) && members.Contains((later, member))));
        }

        // What the delete removed is gone from the final value (the record is deleted, or holds
        // only writes the delete never saw), or the log has it as one side of a conflict.
        bool DeleteShown(Write delete) =>
            final[delete.Key] is not { } after ||
            SimNoteRecord.Members.All(m => (delete.Before?.Get(m) ?? string.Empty) is var deleted && (deleted.Length == 0 || after.Get(m) != deleted)) ||
            logged.Any(c => c.Key == Key(delete.Key) && c.Deletes);

        // A later write knowingly created the record again, and is accounted for.
        bool Recreated(Write delete) =>
            _writes.Any(later => later.Seq > delete.Seq && later.Key == delete.Key && later.Before is null && later.After is not null &&
                                 SimNoteRecord.Members.Any(m => later.Sets(m) && members.Contains((later, m))));
    }

    private static string Key(string key) => ((IndexKey)key).ToString();

    /// <summary>One write: what the tab saw before (null: the record was absent or deleted) and what it wrote (null: a delete).</summary>
    internal sealed class Write(int seq, int tab, string key, SimNoteRecord? before, bool sawDeleted, SimNoteRecord? after, StateVersion version)
    {
        public int Seq { get; } = seq;

        public int Tab { get; } = tab;

        public string Key { get; } = key;

        public SimNoteRecord? Before { get; } = before;

        public SimNoteRecord? After { get; } = after;

        /// <summary>The version the write made.</summary>
        public StateVersion Version { get; } = version;

        public bool Acknowledged { get; set; }

        /// <summary>
        /// The value of <paramref name="member"/> the writer saw: a record it knew deleted reads as
        /// a default one (its members erased); null when it had never seen the record.
        /// </summary>
        public string? Saw(string member) => Before is not null ? Before.Get(member) : sawDeleted ? string.Empty : null;

        /// <summary>True when this write changed <paramref name="member"/> (a write over nothing sets every member it gave a value).</summary>
        public bool Sets(string member) => After is not null && After.Get(member) != (Before?.Get(member) ?? string.Empty);

        public override string ToString() => $"#{Seq} tab {Tab} {Key}: {Before?.ToString() ?? "absent"} -> {After?.ToString() ?? "deleted"}{(Acknowledged ? " (acknowledged)" : string.Empty)}";
    }
}
