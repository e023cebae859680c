using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using OvasabiState.Identity;
using OvasabiState.Storage;
using Xunit;

namespace OvasabiState.Tests.Identity;

/// <summary><see cref="UserIdentity"/>: a device secret kept once, stable ids, explicit user switching.</summary>
public sealed partial class UserIdentityTests
{
    [Fact]
    public async Task TheSecretIsCreatedOnceAndKeptInLocalStorage()
    {
        var browser = new InMemoryBrowser();
        using var identity = await OpenAsync(browser);

        var stored = browser.LocalStorage[UserIdentity.DeviceSecretKey];
        Assert.Equal(44, stored.Length);
        Assert.Equal(32, Convert.FromBase64String(stored).Length);
        Assert.False(identity.IsEphemeral);

        using var reloaded = await OpenAsync(browser);
        Assert.Equal(stored, browser.LocalStorage[UserIdentity.DeviceSecretKey]);
        Assert.Equal(1, browser.LocalStorageBatches);
    }

    [Fact]
    public async Task TheIdIsStableAcrossReloadsAndTabs()
    {
        var browser = new InMemoryBrowser();
        using var first = await OpenAsync(browser);
        using var second = await OpenAsync(browser);

        Assert.Matches(HexId(), first.UserId);
        Assert.Equal(first.UserId, second.UserId);
        Assert.Equal(UserIdentity.DefaultProfile, second.Profile);
    }

    [Fact]
    public async Task DifferentDevicesGetDifferentIds()
    {
        using var one = await OpenAsync(new InMemoryBrowser());
        using var other = await OpenAsync(new InMemoryBrowser());

        Assert.NotEqual(one.UserId, other.UserId);
    }

    [Fact]
    public async Task TheIdIsDerivedAsDocumented()
    {
        // Pinned: changing the derivation would orphan every user's stored state.
        var browser = new InMemoryBrowser();
        browser.LocalStorage[UserIdentity.DeviceSecretKey] = Convert.ToBase64String(new byte[32]);
        using var zeros = await OpenAsync(browser);
        Assert.Equal("bca7afd6d79169585a952069fee3da4a", zeros.UserId);

        var counting = new InMemoryBrowser();
        counting.LocalStorage[UserIdentity.DeviceSecretKey] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        counting.LocalStorage[UserIdentity.CurrentUserKey] = "alice";
        using var alice = await OpenAsync(counting);
        Assert.Equal("ef9b9705f390910adcfa3cbcd7c5ad85", alice.UserId);
    }

    [Fact]
    public async Task SwitchingProfileChangesTheIdPersistsItAndSwitchingBackRestoresIt()
    {
        var browser = new InMemoryBrowser();
        using var identity = await OpenAsync(browser);
        var original = identity.UserId;

        await identity.SwitchUserAsync("alice");

        Assert.Equal("alice", identity.Profile);
        Assert.NotEqual(original, identity.UserId);
        Assert.Equal("alice", browser.LocalStorage[UserIdentity.CurrentUserKey]);

        using var reloaded = await OpenAsync(browser);
        Assert.Equal("alice", reloaded.Profile);
        Assert.Equal(identity.UserId, reloaded.UserId);

        await identity.SwitchUserAsync(UserIdentity.DefaultProfile);
        Assert.Equal(original, identity.UserId);
    }

    [Fact]
    public async Task SwitchingRaisesUserChangedOncePerChange()
    {
        using var identity = await OpenAsync(new InMemoryBrowser());
        var before = identity.UserId;
        var changes = new List<UserChangedEventArgs>();
        identity.UserChanged += (sender, change) =>
        {
            Assert.Same(identity, sender);
            changes.Add(change);
        };

        await identity.SwitchUserAsync("bob");
        await identity.SwitchUserAsync("bob");

        var change = Assert.Single(changes);
        Assert.Equal(before, change.PreviousUserId);
        Assert.Equal(identity.UserId, change.UserId);
        Assert.Equal("bob", change.Profile);
    }

    [Fact]
    public async Task ProfileNamesAreCaseSensitive()
    {
        using var identity = await OpenAsync(new InMemoryBrowser());
        await identity.SwitchUserAsync("Alice");
        var upper = identity.UserId;
        await identity.SwitchUserAsync("alice");

        Assert.NotEqual(upper, identity.UserId);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("an exactly sixty-five character profile name that is one too long", "at most 64")]
    [InlineData("has space", "' ' at position 3")]
    [InlineData("jos\u00e9", "'\u00e9' at position 3")]
    [InlineData("a:b", "':' at position 1")]
    public async Task InvalidProfileNamesAreRejectedWithTheReason(string profile, string reason)
    {
        using var identity = await OpenAsync(new InMemoryBrowser());
        var before = identity.UserId;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => identity.SwitchUserAsync(profile));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal("profile", error.ParamName);
        Assert.Equal(before, identity.UserId);
    }

    [Fact]
    public async Task SixtyFourCharactersAreAllowedAndNullIsRejected()
    {
        using var identity = await OpenAsync(new InMemoryBrowser());
        await identity.SwitchUserAsync(new string('x', 60) + "-_09");
        Assert.Equal(64, identity.Profile.Length);

        await Assert.ThrowsAsync<ArgumentNullException>(() => identity.SwitchUserAsync(null!));
    }

    [Fact]
    public async Task UnavailableLocalStorageGivesAWorkingEphemeralIdentity()
    {
        var browser = new InMemoryBrowser { LocalStorageUnavailable = true };
        using var identity = await OpenAsync(browser);

        Assert.True(identity.IsEphemeral);
        Assert.Matches(HexId(), identity.UserId);

        var first = identity.UserId;
        await identity.SwitchUserAsync("guest");
        Assert.NotEqual(first, identity.UserId);
        await identity.SwitchUserAsync(UserIdentity.DefaultProfile);
        Assert.Equal(first, identity.UserId);
        Assert.Empty(browser.LocalStorage);
    }

    [Fact]
    public async Task AFailingReadIsTreatedAsUnavailableAndOverwritesNothing()
    {
        var browser = new InMemoryBrowser();
        using (await OpenAsync(browser))
        {
        }

        var stored = browser.LocalStorage[UserIdentity.DeviceSecretKey];
        var tab = browser.OpenTab();
        using var identity = new UserIdentity(new ThrowingReads(tab));
        await identity.InitializeAsync();

        Assert.True(identity.IsEphemeral);
        Assert.Equal(stored, browser.LocalStorage[UserIdentity.DeviceSecretKey]);
    }

    [Fact]
    public async Task ASecretThatCannotBeSavedIsEphemeral()
    {
        var browser = new InMemoryBrowser { LocalStorageQuota = 10 };
        using var identity = await OpenAsync(browser);

        Assert.True(identity.IsEphemeral);
        Assert.Matches(HexId(), identity.UserId);
        Assert.Empty(browser.LocalStorage);
    }

    [Fact]
    public async Task ADamagedSecretIsReplaced()
    {
        var browser = new InMemoryBrowser();
        browser.LocalStorage[UserIdentity.DeviceSecretKey] = "bm90IDMyIGJ5dGVz";
        using var identity = await OpenAsync(browser);

        Assert.False(identity.IsEphemeral);
        Assert.Equal(32, Convert.FromBase64String(browser.LocalStorage[UserIdentity.DeviceSecretKey]).Length);
        using var reloaded = await OpenAsync(browser);
        Assert.Equal(identity.UserId, reloaded.UserId);
    }

    [Fact]
    public async Task AnInvalidStoredProfileFallsBackToTheDefault()
    {
        var browser = new InMemoryBrowser();
        browser.LocalStorage[UserIdentity.CurrentUserKey] = "not valid!";
        using var identity = await OpenAsync(browser);

        Assert.Equal(UserIdentity.DefaultProfile, identity.Profile);
    }

    [Fact]
    public async Task ASwitchThatCannotBeSavedFailsAndChangesNothing()
    {
        var browser = new InMemoryBrowser();
        using var identity = await OpenAsync(browser);
        var before = identity.UserId;
        var raised = false;
        identity.UserChanged += (_, _) => raised = true;
        browser.LocalStorageQuota = 1;

        var error = await Assert.ThrowsAsync<StorageException>(() => identity.SwitchUserAsync("carol"));

        Assert.Equal(StorageFailure.QuotaExceeded, error.Failure);
        Assert.Equal(before, identity.UserId);
        Assert.Equal(UserIdentity.DefaultProfile, identity.Profile);
        Assert.False(raised);
    }

    [Fact]
    public async Task ResettingTheDeviceChangesEveryId()
    {
        var browser = new InMemoryBrowser();
        using var identity = await OpenAsync(browser);
        await identity.SwitchUserAsync("dave");
        var dave = identity.UserId;
        var secret = browser.LocalStorage[UserIdentity.DeviceSecretKey];
        UserChangedEventArgs? change = null;
        identity.UserChanged += (_, e) => change = e;

        await identity.ResetDeviceAsync();

        Assert.NotEqual(dave, identity.UserId);
        Assert.Equal("dave", identity.Profile);
        Assert.NotEqual(secret, browser.LocalStorage[UserIdentity.DeviceSecretKey]);
        Assert.Equal(dave, change?.PreviousUserId);
        using var reloaded = await OpenAsync(browser);
        Assert.Equal(identity.UserId, reloaded.UserId);
    }

    [Fact]
    public async Task TheIdIsUnavailableUntilInitialized()
    {
        using var identity = new UserIdentity(new InMemoryBrowser().OpenTab());

        Assert.False(identity.IsInitialized);
        Assert.Throws<InvalidOperationException>(() => identity.UserId);

        await identity.SwitchUserAsync("erin");
        Assert.True(identity.IsInitialized);
        Assert.Equal("erin", identity.Profile);
    }

    private static async Task<UserIdentity> OpenAsync(InMemoryBrowser browser)
    {
        var identity = new UserIdentity(browser.OpenTab());
        await identity.InitializeAsync();
        return identity;
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexId();
}
