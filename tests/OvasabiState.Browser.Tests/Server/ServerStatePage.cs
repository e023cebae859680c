using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using OvasabiState.Blazor;
using OvasabiState.Storage;
using OvasabiState.Stores;
using OvasabiState.Sync;

namespace OvasabiState.Browser.Tests.Server;

/// <summary>
/// One interactive server page over <see cref="IStateStore{T}"/>: write a note (#key, #text,
/// #save), read one back (#load, #loaded with its count in data-loads), list every note (#records, reloaded on every change,
/// this circuit's or another tab's), and show where it runs: #mode, #status ("prerendered",
/// "loading", "ready", "saved {key}"), #user, #instance (this circuit's storage), #changes and #errors.
/// </summary>
public abstract class ServerStatePage : LayeredComponentBase
{
    private readonly List<string> _errors = new();
    private IReadOnlyList<ServerNoteRecord> _records = [];
    private string _status = "";
    private string _key = "";
    private string _text = "";
    private string _loaded = "";
    private int _changes;
    private int _loads;

    /// <summary>This circuit's store of notes.</summary>
    [Inject]
    public IStateStore<ServerNoteRecord> Notes { get; set; } = default!;

    /// <summary>This circuit's sync manager.</summary>
    [Inject]
    public StateSyncManager Manager { get; set; } = default!;

    /// <summary>This circuit's browser storage.</summary>
    [Inject]
    public IBrowserStorage Storage { get; set; } = default!;

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        // No JavaScript here: this runs while prerendering too.
        _status = IsStateAvailable ? "loading" : "prerendered";
        Notes.Changed += OnNotesChanged;
        Manager.ErrorOccurred += OnError;
    }

    /// <inheritdoc />
    protected override async Task OnStateReadyAsync()
    {
        await ReloadAsync();
        _status = "ready";
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Notes.Changed -= OnNotesChanged;
            Manager.ErrorOccurred -= OnError;
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "main");
        builder.AddMarkupContent(1, "<h1>OvasabiState on Blazor Server</h1>");
        builder.AddContent(2, Text("mode", $"{RendererInfo.Name} interactive={RendererInfo.IsInteractive}"));
        builder.AddContent(3, Text("status", _status));
        builder.AddContent(4, Text("user", IsStateReady ? Manager.Identity.UserId : ""));
        builder.AddContent(5, Text("instance", Storage.InstanceId));

        builder.OpenElement(6, "input");
        builder.AddAttribute(7, "id", "key");
        builder.AddAttribute(8, "value", _key);
        builder.AddAttribute(9, "oninput", EventCallback.Factory.Create<ChangeEventArgs>(this, e => _key = e.Value?.ToString() ?? ""));
        builder.CloseElement();
        builder.OpenElement(10, "input");
        builder.AddAttribute(11, "id", "text");
        builder.AddAttribute(12, "value", _text);
        builder.AddAttribute(13, "oninput", EventCallback.Factory.Create<ChangeEventArgs>(this, e => _text = e.Value?.ToString() ?? ""));
        builder.CloseElement();
        builder.AddContent(14, Button("save", "Save", SaveAsync));
        builder.AddContent(15, Button("load", "Load", LoadAsync));

        builder.OpenElement(16, "p");
        builder.AddAttribute(17, "id", "loaded");
        builder.AddAttribute(18, "data-loads", _loads.ToString(CultureInfo.InvariantCulture));
        builder.AddContent(19, _loaded);
        builder.CloseElement();
        builder.AddContent(20, Text("changes", _changes.ToString(CultureInfo.InvariantCulture)));
        builder.OpenElement(21, "ul");
        builder.AddAttribute(22, "id", "records");
        foreach (var record in _records)
        {
            builder.OpenElement(23, "li");
            builder.SetKey(record.Id);
            builder.AddAttribute(24, "data-key", record.Id);
            builder.AddContent(25, record.Text);
            builder.CloseElement();
        }

        builder.CloseElement();
        builder.AddContent(26, Text("errors", string.Join(" | ", _errors)));
        builder.CloseElement();
    }

    private static RenderFragment Text(string id, string text) => builder =>
    {
        builder.OpenElement(0, "p");
        builder.AddAttribute(1, "id", id);
        builder.AddContent(2, text);
        builder.CloseElement();
    };

    private RenderFragment Button(string id, string label, Func<Task> onClick) => builder =>
    {
        builder.OpenElement(0, "button");
        builder.AddAttribute(1, "id", id);
        builder.AddAttribute(2, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, onClick));
        builder.AddContent(3, label);
        builder.CloseElement();
    };

    private async Task SaveAsync()
    {
        // Realtime: the write is in memory now and reaches the browser's layers on the next turn.
        await Notes.SetAsync(new ServerNoteRecord { Id = _key, Text = _text, UpdatedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
        _status = "saved " + _key;
    }

    private async Task LoadAsync()
    {
        _loaded = (await Notes.FindAsync(_key))?.Text ?? "(none)";
        _loads++; // tells a test that this load, not an earlier one, is shown
    }

    private async Task ReloadAsync() => _records = (await Notes.ListAsync()).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();

    private void OnNotesChanged(object? sender, StateChange<ServerNoteRecord> change) => _ = InvokeAsync(async () =>
    {
        _changes++;
        if (IsStateReady)
        {
            await ReloadAsync();
        }

        StateHasChanged();
    });

    private void OnError(object? sender, StateError error) => _ = InvokeAsync(() =>
    {
        _errors.Add($"{error.Layer} {error.Failure}: {error.Exception.Message}");
        StateHasChanged();
    });
}
