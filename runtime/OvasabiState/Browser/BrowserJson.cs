using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OvasabiState.Storage;
using OvasabiState.Versions;

namespace OvasabiState.Browser;

/// <summary>
/// The JSON that crosses to <c>ovasabi-state.js</c> (no reflection: written and read by hand).
/// A key is <c>{"n":1}</c> (a number; <c>"Infinity"</c>/<c>"-Infinity"</c> as strings),
/// <c>{"d":ms}</c> (a date, milliseconds since the Unix epoch), <c>{"s":"x"}</c> (a string) or
/// <c>{"a":[...]}</c> (an array). Payloads travel beside the JSON as one byte array. Records read
/// come back as a binary frame instead (<see cref="RecordFrame"/>).
/// </summary>
internal static class BrowserJson
{
    // The text goes to JSON.parse, never into HTML: only what JSON requires is escaped.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One key.</summary>
    public static string Key(IndexKey key) => Write(w => WriteKey(w, key));

    /// <summary>Many keys: <c>[key,...]</c>.</summary>
    public static string Keys(IReadOnlyList<IndexKey> keys) => Write(w =>
    {
        w.WriteStartArray();
        foreach (var key in keys)
        {
            WriteKey(w, key);
        }

        w.WriteEndArray();
    });

    /// <summary>A range: <c>{"l":key,"u":key,"lo":bool,"uo":bool}</c>, an absent bound left out.</summary>
    public static string Range(KeyRange range) => Write(w =>
    {
        w.WriteStartObject();
        if (range.Lower.Kind != IndexKeyKind.None)
        {
            w.WritePropertyName("l");
            WriteKey(w, range.Lower);
        }

        if (range.Upper.Kind != IndexKeyKind.None)
        {
            w.WritePropertyName("u");
            WriteKey(w, range.Upper);
        }

        w.WriteBoolean("lo", range.LowerOpen);
        w.WriteBoolean("uo", range.UpperOpen);
        w.WriteEndObject();
    });

    /// <summary>The stores to create: <c>[{"name","hash","indexes":[{"name","keyPath":[..],"unique","multiEntry"}]}]</c>.</summary>
    public static string Schemas(IReadOnlyList<StoreSchema> stores) => Write(w =>
    {
        w.WriteStartArray();
        foreach (var store in stores)
        {
            w.WriteStartObject();
            w.WriteString("name", store.Name);
            w.WriteString("hash", store.Hash);
            w.WriteStartArray("indexes");
            foreach (var index in store.Indexes)
            {
                w.WriteStartObject();
                w.WriteString("name", index.Name);
                w.WriteStartArray("keyPath");
                foreach (var member in index.KeyPath)
                {
                    w.WriteStringValue(member);
                }

                w.WriteEndArray();
                w.WriteBoolean("unique", index.Unique);
                w.WriteBoolean("multiEntry", index.MultiEntry);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary>
    /// A write batch: <c>{"p":[{"k":key,"i":{index:key},"l":length}],"d":[key]}</c> and the puts'
    /// payloads concatenated in order. Absent index values are left out.
    /// </summary>
    public static (string Json, byte[] Bytes) Batch(IReadOnlyList<IndexedDbRecord> put, IReadOnlyList<IndexKey> delete) =>
        Batch(put, 0, put.Count, delete);

    /// <summary>
    /// <see cref="Batch(IReadOnlyList{IndexedDbRecord}, IReadOnlyList{IndexKey})"/> of the puts
    /// <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> only: one
    /// chunk of a staged batch (see <see cref="StagedBatch"/>).
    /// </summary>
    public static (string Json, byte[] Bytes) Batch(IReadOnlyList<IndexedDbRecord> put, int start, int count, IReadOnlyList<IndexKey> delete)
    {
        var end = start + count;
        var total = 0;
        for (var i = start; i < end; i++)
        {
            total = checked(total + put[i].Value.Length);
        }

        var bytes = new byte[total];
        var offset = 0;
        var json = Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("p");
            for (var i = start; i < end; i++)
            {
                var record = put[i];
                w.WriteStartObject();
                w.WritePropertyName("k");
                WriteKey(w, record.Key);
                w.WriteStartObject("i");
                foreach (var (index, value) in record.IndexValues)
                {
                    if (value.Kind != IndexKeyKind.None)
                    {
                        w.WritePropertyName(index);
                        WriteKey(w, value);
                    }
                }

                w.WriteEndObject();
                w.WriteNumber("l", record.Value.Length);
                w.WriteEndObject();
                record.Value.CopyTo(bytes, offset);
                offset += record.Value.Length;
            }

            w.WriteEndArray();
            w.WriteStartArray("d");
            foreach (var key in delete)
            {
                WriteKey(w, key);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return (json, bytes);
    }

    /// <summary>
    /// Compare-and-set writes <paramref name="start"/> to <paramref name="start"/> +
    /// <paramref name="count"/>: <c>{"m":[{"k":key,"i":{index:key},"l":length,"v":token,"e":expected,"c":counter}]}</c>
    /// and the values concatenated in order. <c>l</c> is -1 for a removal; <c>e</c> is left out
    /// when nothing is expected to be stored; absent index values are left out.
    /// </summary>
    public static (string Json, byte[] Bytes) Mutations(IReadOnlyList<IndexedDbMutation> mutations, int start, int count)
    {
        var end = start + count;
        var total = 0;
        for (var i = start; i < end; i++)
        {
            total = checked(total + (mutations[i].Value?.Length ?? 0));
        }

        var bytes = new byte[total];
        var offset = 0;
        var json = Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("m");
            for (var i = start; i < end; i++)
            {
                var mutation = mutations[i];
                w.WriteStartObject();
                w.WritePropertyName("k");
                WriteKey(w, mutation.Key);
                if (mutation.IndexValues.Count > 0)
                {
                    w.WriteStartObject("i");
                    foreach (var (index, value) in mutation.IndexValues)
                    {
                        if (value.Kind != IndexKeyKind.None)
                        {
                            w.WritePropertyName(index);
                            WriteKey(w, value);
                        }
                    }

                    w.WriteEndObject();
                }

                w.WriteNumber("l", mutation.Value?.Length ?? -1);
                if (mutation.Version is { } version)
                {
                    w.WriteString("v", version);
                }

                if (mutation.Expected is { } expected)
                {
                    w.WriteString("e", expected);
                }

                w.WriteNumber("c", mutation.SeenCounter);
                w.WriteEndObject();
                if (mutation.Value is { } payload)
                {
                    payload.CopyTo(bytes, offset);
                    offset += payload.Length;
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return (json, bytes);
    }

    /// <summary>Compare-and-set writes of Web Storage items: <c>{"m":[{"k":key,"v":text|null,"e":expected|null}]}</c>.</summary>
    public static string ItemMutations(IReadOnlyList<WebStorageMutation> mutations) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("m");
        foreach (var mutation in mutations)
        {
            w.WriteStartObject();
            w.WriteString("k", mutation.Key);
            w.WriteString("v", mutation.Value);
            w.WriteString("e", mutation.Expected);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>
    /// What <c>mutateItems</c> answered: <c>{"c":[{"k":key,"s":stored|null}],"r":[{"k":key,"n":errorName,"m":message}]}</c>.
    /// </summary>
    /// <exception cref="StorageException">The answer is not that shape.</exception>
    public static WebStorageMutationResult ReadItemResult(string json, StateLayer layer)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var conflicts = new List<WebStorageConflict>();
            foreach (var conflict in document.RootElement.GetProperty("c").EnumerateArray())
            {
                var stored = conflict.GetProperty("s");
                conflicts.Add(new WebStorageConflict(conflict.GetProperty("k").GetString()!, stored.ValueKind == JsonValueKind.Null ? null : stored.GetString()));
            }

            var refused = new List<WebStorageRefusal>();
            foreach (var refusal in document.RootElement.GetProperty("r").EnumerateArray())
            {
                var name = refusal.GetProperty("n").GetString();
                var failure = name == "QuotaExceededError" ? StorageFailure.QuotaExceeded : name == "SecurityError" ? StorageFailure.Unavailable : StorageFailure.Failed;
                refused.Add(new WebStorageRefusal(refusal.GetProperty("k").GetString()!, new StorageException(layer, failure, $"{name}: {refusal.GetProperty("m").GetString()}")));
            }

            return new WebStorageMutationResult(conflicts, refused);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new StorageException(layer, StorageFailure.Failed, "the module's answer to a Web Storage write cannot be read: " + exception.Message, exception);
        }
    }

    /// <summary>The instance ids of a <c>liveTabs</c> answer (a JSON array of strings).</summary>
    public static IReadOnlyCollection<string> ReadTabs(string json)
    {
        var tabs = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var tab in document.RootElement.EnumerateArray())
            {
                if (tab.ValueKind == JsonValueKind.String)
                {
                    tabs.Add(tab.GetString()!);
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw new StorageException(StateLayer.IndexedDb, StorageFailure.Failed, "the module's list of open tabs cannot be read: " + exception.Message, exception);
        }

        return tabs;
    }

    private static void WriteKey(Utf8JsonWriter w, IndexKey key)
    {
        w.WriteStartObject();
        switch (key.Kind)
        {
            case IndexKeyKind.Number:
                w.WritePropertyName("n");
                WriteNumber(w, key.Number);
                break;
            case IndexKeyKind.Date:
                w.WritePropertyName("d");
                WriteNumber(w, key.Number);
                break;
            case IndexKeyKind.String:
                w.WriteString("s", key.Text);
                break;
            case IndexKeyKind.Array:
                w.WriteStartArray("a");
                foreach (var item in key.Items)
                {
                    WriteKey(w, item);
                }

                w.WriteEndArray();
                break;
            default:
                throw new ArgumentException("IndexKey.None is not a key IndexedDB accepts.", nameof(key));
        }

        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else
        {
            w.WriteStringValue(double.IsPositiveInfinity(value) ? "Infinity" : "-Infinity");
        }
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A message's keys and version tokens as the parallel arrays <c>broadcastMany</c> takes.</summary>
    public static (string[] Keys, string[] Versions) Changes(CrossTabMessage message)
    {
        var keys = new string[message.Changes.Count];
        var versions = new string[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = message.Changes[i].Key;
            versions[i] = message.Changes[i].Version;
        }

        return (keys, versions);
    }

    /// <summary>
    /// The message another tab sent with <c>broadcastMany</c>; null when the arrays do not pair up
    /// or a version is not a version token (a message from something else on the channel).
    /// </summary>
    public static CrossTabMessage? ReadChanges(string store, string origin, string[]? keys, string[]? versions)
    {
        if (keys is null || versions is null || keys.Length == 0 || keys.Length != versions.Length)
        {
            return null;
        }

        var changes = new CrossTabChange[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            if (!StateVersion.TryParse(versions[i], out _))
            {
                return null;
            }

            changes[i] = new CrossTabChange(keys[i], versions[i]);
        }

        return new CrossTabMessage(store, origin, changes);
    }
}
