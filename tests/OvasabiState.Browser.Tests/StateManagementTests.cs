using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// The State management page (/): its four tabs render live data from the real browser layers,
/// the conflict button provokes a real conflict that the Conflicts tab shows and clears, and the
/// session and preference records behave as their layers promise. Screenshots of each tab are saved.
/// </summary>
[Collection(SampleAppTests.Name)]
public sealed class StateManagementTests(SampleAppFixture app, ITestOutputHelper output)
{
    private static readonly PageAssertionsToHaveURLOptions NoOptions = new();

    [Fact]
    public async Task Each_tab_renders_its_data_without_console_errors()
    {
        await using var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await AppPage.OpenAsync(app, context, "/", output);

        // Sync status: one row per layer, all available, and the session panel's record in sessionStorage.
        await Expect(page.Page.Locator("#sync-layers[data-loaded='true'] tbody tr")).ToHaveCountAsync(4, new() { Timeout = 30_000 });
        foreach (var layer in new[] { "Memory", "Session", "Local", "IndexedDb" })
        {
            await Expect(page.Page.Locator($"#sync-layer-{layer} .available")).ToHaveTextAsync("available");
        }

        await Expect(page.Page.Locator("#online-state")).ToHaveTextAsync("online");
        await page.Page.ClickAsync("#add-campaign");
        await Expect(page.Page.Locator("#campaigns li.campaign")).ToHaveCountAsync(1);
        await page.ScreenshotAsync("state-sync-status");

        // Storage layers: the session record shows in memory and sessionStorage, the campaign in memory only until it syncs.
        await page.Page.ClickAsync("#tab-layers");
        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("tab=layers"), NoOptions);
        var sessionsInStorage = page.Page.Locator("#layer-map .cell[data-store='user_sessions'][data-layer='Session']");
        await Expect(sessionsInStorage).ToHaveAttributeAsync("data-entries", "1", new() { Timeout = 10_000 });
        await Expect(page.Page.Locator("#layer-map .cell[data-store='campaign_states'][data-layer='Memory']")).ToHaveAttributeAsync("data-entries", "1");
        await page.Page.ClickAsync("#store-campaign_states");
        await Expect(page.Page.Locator("#layer-detail .detail-row")).ToHaveCountAsync(1);
        await Expect(page.Page.Locator("#layer-detail .preview")).ToContainTextAsync("CampaignId = 1");
        await page.ScreenshotAsync("state-storage-layers");

        // Performance: samples accumulate every second, and storage timings count real flushes.
        await page.Page.ClickAsync("#tab-performance");
        await Expect(page.Page.Locator("#perf-charts")).Not.ToHaveAttributeAsync("data-samples", new System.Text.RegularExpressions.Regex("^[012]$"), new() { Timeout = 15_000 });
        await Expect(page.Page.Locator("#chart-serialize polyline")).ToHaveCountAsync(1);
        var sessionFlushes = page.Page.Locator("#storage-timings tr[data-layer='Session'][data-operation='flush batch'] .count");
        Assert.True(int.Parse((await sessionFlushes.TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await Expect(page.Page.Locator("#pool-stats tr.pool")).ToHaveCountAsync(2);
        await page.ScreenshotAsync("state-performance");

        // Conflicts: an empty log says so.
        await page.Page.ClickAsync("#tab-conflicts");
        await Expect(page.Page.Locator("#conflict-list[data-loaded='true']")).ToHaveCountAsync(1);
        await Expect(page.Page.Locator("#no-conflicts")).ToBeVisibleAsync();
        await page.ScreenshotAsync("state-conflicts-empty");

        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task The_conflict_button_logs_a_real_conflict_with_both_sides_that_survives_a_reload_and_clear_empties_it()
    {
        await using var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await AppPage.OpenAsync(app, context, "/?tab=conflicts", output);
        await Expect(page.Page.Locator("#conflict-list[data-loaded='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });

        await page.Page.ClickAsync("#provoke-conflict");
        var conflict = page.Page.Locator("#conflict-list li.conflict");
        await Expect(conflict).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await Expect(conflict.Locator(".side.ours")).ToContainTextAsync("IndexedDB");
        await Expect(conflict.Locator(".side.ours pre")).ToContainTextAsync("edited in this tab");
        await Expect(conflict.Locator(".side.theirs")).ToContainTextAsync("localStorage");
        await Expect(conflict.Locator(".side.theirs pre")).ToContainTextAsync("edited on another device");
        await Expect(conflict.Locator(".side.theirs")).ToContainTextAsync("another-device");
        // This tab's later Notes and the other device's Status (this tab never wrote it since the demo data): a merge.
        await Expect(conflict.Locator(".winner")).ToHaveTextAsync("merged member by member");
        await Expect(conflict.Locator(".why")).ToHaveTextAsync("the later write of each member");
        await Expect(conflict.Locator(".side.merged pre")).ToContainTextAsync("edited in this tab");
        await Expect(conflict.Locator(".side.merged pre")).ToContainTextAsync("Paused");
        await Expect(conflict.Locator(".members")).ToContainTextAsync("Notes");
        await Expect(page.Page.Locator("#conflict-log-count")).ToHaveTextAsync("1");
        await Expect(page.Page.Locator("#provoke-result")).ToContainTextAsync("edited in this tab");

        // The browser's own localStorage copy of the campaign was repaired to the winner.
        await page.Page.ClickAsync("#tab-sync");
        await Expect(page.Page.Locator("#conflict-total")).ToHaveTextAsync("1");
        await page.Page.ClickAsync("#sync-now");
        var local = await SamplePage.EventuallyAsync(
            () => page.Page.EvaluateAsync<string>(
                // Each item is versioned text, ovs2:{token}:{base64}: the entry is the base64 after the token.
                "() => Object.keys(localStorage).filter(k => k.split(':')[2] === 'campaign_states').map(k => localStorage.getItem(k)).map(t => atob(t.slice(t.indexOf(':', 5) + 1))).join('|')"),
            text => !text.Contains("edited on another device", StringComparison.Ordinal),
            "the repaired localStorage copy");
        Assert.Contains("edited in this tab", local, StringComparison.Ordinal);

        await page.Page.ReloadAsync();
        await page.Page.ClickAsync("#tab-conflicts");
        await Expect(page.Page.Locator("#conflict-list li.conflict")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await page.ScreenshotAsync("state-conflicts");

        await page.Page.ClickAsync("#clear-conflict-log");
        await Expect(page.Page.Locator("#conflict-list li.conflict")).ToHaveCountAsync(0);
        await Expect(page.Page.Locator("#no-conflicts")).ToBeVisibleAsync();
        await page.Page.ReloadAsync();
        await Expect(page.Page.Locator("#conflict-list[data-loaded='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.Page.Locator("#no-conflicts")).ToBeVisibleAsync();
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task A_theme_preference_survives_a_reload_and_the_session_keeps_its_user_id_and_counts_views()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await AppPage.OpenAsync(app, context, "/", output);
        var panel = page.Page.Locator("#session-panel[data-ready='true']");
        await Expect(panel).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        var userId = await page.Page.GetAttributeAsync("#session-user-id", "data-full");
        Assert.Matches("^[0-9a-f]{16,}$", userId);
        var sessionId = await page.Page.TextContentAsync("#session-tab-id");
        await Expect(page.Page.Locator("#page-views")).ToHaveTextAsync("1");

        await page.Page.SelectOptionAsync("#theme", "Dark");
        await Expect(page.Page.Locator(".shell")).ToHaveAttributeAsync("data-theme", "dark");
        var stored = await SamplePage.EventuallyAsync(
            () => page.Page.EvaluateAsync<string?>("() => Object.keys(localStorage).find(k => k.includes(':user_preferences:')) ?? null"),
            key => key is not null, "the preferences in localStorage");
        Assert.Contains(userId!, stored, StringComparison.Ordinal);

        // In-app navigation counts a view in the same session.
        await page.Page.ClickAsync("#nav-playground");
        await Expect(page.Page.Locator("#page-views")).ToHaveTextAsync("2");

        await page.Page.ReloadAsync();
        await Expect(panel).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.Page.Locator(".shell")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.Page.Locator("#theme")).ToHaveValueAsync("Dark");
        Assert.Equal(userId, await page.Page.GetAttributeAsync("#session-user-id", "data-full"));
        Assert.Equal(sessionId, await page.Page.TextContentAsync("#session-tab-id")); // sessionStorage survives a reload
        await Expect(page.Page.Locator("#page-views")).ToHaveTextAsync("3");

        // A new tab of the same profile: same user, a new session, the same preference.
        var second = await AppPage.OpenAsync(app, context, "/", output);
        await Expect(second.Page.Locator("#session-panel[data-ready='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        Assert.Equal(userId, await second.Page.GetAttributeAsync("#session-user-id", "data-full"));
        Assert.NotEqual(sessionId, await second.Page.TextContentAsync("#session-tab-id"));
        await Expect(second.Page.Locator(".shell")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.Empty(page.Errors);
        Assert.Empty(second.Errors);
    }

    [Fact]
    public async Task Periodic_campaigns_wait_as_pending_writes_until_synced_and_retention_visibly_deletes_an_old_metric()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await AppPage.OpenAsync(app, context, "/", output);
        await Expect(page.Page.Locator("#sync-layers[data-loaded='true'] tbody tr")).ToHaveCountAsync(4, new() { Timeout = 30_000 });

        await page.Page.ClickAsync("#add-campaign");
        await Expect(page.Page.Locator("#sync-layer-IndexedDb .pending")).Not.ToHaveTextAsync("0");
        await page.Page.ClickAsync("#sync-now");
        await Expect(page.Page.Locator("#sync-layer-IndexedDb .pending")).ToHaveTextAsync("0");
        var campaigns = await page.Page.EvaluateAsync<int>(
            "() => Object.keys(localStorage).filter(k => k.split(':')[2] === 'campaign_states').length");
        Assert.Equal(1, campaigns);

        await page.Page.ClickAsync("#record-metric");
        await Expect(page.Page.Locator("#metrics-count")).ToHaveTextAsync("1");
        await page.Page.ClickAsync("#plant-expired-metric");
        await Expect(page.Page.Locator("#metrics-count")).ToHaveTextAsync("2");
        await page.Page.ClickAsync("#run-retention");
        await Expect(page.Page.Locator("#retention-result")).ToHaveTextAsync("Retention removed 1 expired record(s).");
        await Expect(page.Page.Locator("#metrics-count")).ToHaveTextAsync("1");
        await Expect(page.Page.Locator("#retention-removed")).ToHaveTextAsync("1");
        Assert.Empty(page.Errors);
    }
}
