using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using OvasabiState.Storage;

namespace OvasabiState.Sync;

/// <summary>
/// The time retention measures age against: the wall clock, but only as far as it has plausibly
/// moved. While a tab runs, it advances by the real time elapsed (a monotonic timer), so a wall
/// clock set forward a year expires nothing; at start-up it advances from its last reading (kept
/// in localStorage) by at most <see cref="OvasabiStateOptions.RetentionClockMaxStep"/>, so a
/// clock that jumped while the app was closed expires at most that much more; a wall clock set
/// back never moves it back. Deleting later than the wall clock says is safe; deleting early loses data.
/// </summary>
internal sealed class RetentionClock(StateRuntime runtime)
{
    private const string KeyPrefix = "ovasabi:retention-clock:";

    private DateTimeOffset? _trusted;
    private long _readAt;
    private string? _user;

    /// <summary>The retention clock's reading now (and keeps it for the next start-up).</summary>
    public async ValueTask<DateTimeOffset> NowAsync()
    {
        var wall = runtime.Now;
        var user = runtime.Scope.UserId;
        DateTimeOffset next;
        if (_trusted is { } trusted && _user == user)
        {
            var elapsed = runtime.Time.GetElapsedTime(_readAt);
            next = trusted + Min(elapsed, Max(TimeSpan.Zero, wall - trusted));
        }
        else
        {
            next = await StoredAsync(user).ConfigureAwait(false) is { } stored
                ? stored + Min(runtime.Options.RetentionClockMaxStep, Max(TimeSpan.Zero, wall - stored))
                : wall; // A first run (or storage cleared): nothing earlier to check the wall clock against.
        }

        _trusted = next;
        _readAt = runtime.Time.GetTimestamp();
        _user = user;
        await KeepAsync(user, next).ConfigureAwait(false);
        return next;
    }

    private async ValueTask<DateTimeOffset?> StoredAsync(string user)
    {
        try
        {
            var text = await runtime.Storage.GetItemAsync(WebStorageArea.Local, KeyPrefix + user).ConfigureAwait(false);
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var milliseconds) &&
                   milliseconds is >= 0 and <= 253402300799999
                ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
                : null;
        }
        catch (StorageException)
        {
            return null;
        }
    }

    private async ValueTask KeepAsync(string user, DateTimeOffset reading)
    {
        try
        {
            var value = reading.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            await runtime.Storage.WriteItemsAsync(WebStorageArea.Local, [new KeyValuePair<string, string>(KeyPrefix + user, value)], []).ConfigureAwait(false);
        }
        catch (StorageException)
        {
            // Kept in memory for this tab; the next start-up falls back to the wall clock's step.
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
