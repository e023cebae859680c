using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Storage;

namespace OvasabiState.Identity;

/// <summary>
/// The anonymous identity of whoever uses this browser profile. A random 256-bit secret is kept
/// on the device (localStorage); the user id is derived from it and a profile name with SHA-256,
/// and every persisted key is namespaced by the id (<see cref="StorageKeys"/>). Several people
/// sharing one browser profile each pick a profile with <see cref="SwitchUserAsync"/>; their
/// state never mixes. When localStorage cannot be used the identity lives in memory for this
/// page only (<see cref="IsEphemeral"/>).
/// </summary>
/// <example>
/// <code>
/// var identity = new UserIdentity(storage);
/// await identity.InitializeAsync();
/// var key = StorageKeys.Scoped(identity.UserId, "preferences", IndexKey.Singleton);
/// </code>
/// </example>
public sealed class UserIdentity : IDisposable
{
    /// <summary>The localStorage key of the device secret (base64 of 32 bytes).</summary>
    public const string DeviceSecretKey = "ovasabi:device-secret";

    /// <summary>The localStorage key of the current profile name.</summary>
    public const string CurrentUserKey = "ovasabi:current-user";

    /// <summary>The profile used until another is chosen.</summary>
    public const string DefaultProfile = UserProfileName.Default;

    /// <summary>The longest profile name.</summary>
    public const int MaxProfileLength = UserProfileName.MaxLength;

    private readonly IBrowserStorage _storage;

    // Initialize, switch and reset read then write storage across awaits; one at a time keeps a
    // switch from interleaving with a reset and persisting a mix of both.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[] _secret = [];

    // Profile and id change together, so readers on other threads see one whole pair.
    private volatile Current? _current;
    private volatile bool _ephemeral;

    /// <summary>Creates the identity over the browser's storage; call <see cref="InitializeAsync"/> before reading <see cref="UserId"/>.</summary>
    public UserIdentity(IBrowserStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
    }

    /// <summary>Raised after the current user changed (a profile switch or a device reset), outside any lock.</summary>
    public event EventHandler<UserChangedEventArgs>? UserChanged;

    /// <summary>True once <see cref="InitializeAsync"/> has completed.</summary>
    public bool IsInitialized => _current is not null;

    /// <summary>
    /// True when the secret could not be kept in localStorage (unavailable, blocked or full): the
    /// id lasts only as long as this page, and state persisted under it will not be found again.
    /// </summary>
    public bool IsEphemeral => _ephemeral;

    /// <summary>The current user's id: 32 lowercase hex characters.</summary>
    /// <exception cref="InvalidOperationException"><see cref="InitializeAsync"/> has not completed.</exception>
    public string UserId => (_current ?? throw NotInitialized()).UserId;

    /// <summary>The current profile name (<see cref="DefaultProfile"/> until another is chosen).</summary>
    /// <exception cref="InvalidOperationException"><see cref="InitializeAsync"/> has not completed.</exception>
    public string Profile => (_current ?? throw NotInitialized()).Profile;

    /// <summary>
    /// Loads the device secret and current profile from localStorage, creating and storing a new
    /// secret on first use. Never fails for storage reasons: without localStorage the identity is
    /// kept in memory and <see cref="IsEphemeral"/> is true. Calling it again does nothing.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Makes <paramref name="profile"/> the current user, remembers it on the device and raises
    /// <see cref="UserChanged"/>. Switching back to a profile gives its old id, and so its state.
    /// Switching to the current profile does nothing. Initializes first if needed.
    /// </summary>
    /// <param name="profile">1 to 64 ASCII letters, digits, '-' or '_' (case-sensitive).</param>
    /// <param name="cancellationToken">Cancels the storage calls.</param>
    /// <exception cref="ArgumentException">The name is empty, too long or has other characters; the message says which.</exception>
    /// <exception cref="StorageException">localStorage failed while saving the choice; nothing changed.</exception>
    public async Task SwitchUserAsync(string profile, CancellationToken cancellationToken = default)
    {
        UserProfileName.Validate(profile, nameof(profile));

        UserChangedEventArgs? change;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            if (string.Equals(before.Profile, profile, StringComparison.Ordinal))
            {
                return;
            }

            if (!_ephemeral)
            {
                // Saved first: if saving fails the switch has not happened, rather than happening
                // now and silently undoing itself on the next reload.
                await WriteLocalAsync(CurrentUserKey, profile, cancellationToken).ConfigureAwait(false);
            }

            var after = new Current(profile, DeviceSecret.DeriveUserId(_secret, profile));
            _current = after;
            change = new UserChangedEventArgs(before.UserId, after.UserId, after.Profile);
        }
        finally
        {
            _gate.Release();
        }

        UserChanged?.Invoke(this, change);
    }

    /// <summary>
    /// Replaces the device secret with a new random one: every profile gets a new id, so state
    /// stored under the old ids is no longer found (retention removes it). Keeps the current
    /// profile name and raises <see cref="UserChanged"/>. Initializes first if needed.
    /// </summary>
    /// <exception cref="StorageException">localStorage failed while saving the new secret; nothing changed.</exception>
    public async Task ResetDeviceAsync(CancellationToken cancellationToken = default)
    {
        UserChangedEventArgs change;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            var secret = DeviceSecret.Create();
            if (!_ephemeral)
            {
                await WriteLocalAsync(DeviceSecretKey, DeviceSecret.Format(secret), cancellationToken).ConfigureAwait(false);
            }

            CryptographicOperations.ZeroMemory(_secret);
            _secret = secret;
            var after = new Current(before.Profile, DeviceSecret.DeriveUserId(secret, before.Profile));
            _current = after;
            change = new UserChangedEventArgs(before.UserId, after.UserId, after.Profile);
        }
        finally
        {
            _gate.Release();
        }

        UserChanged?.Invoke(this, change);
    }

    /// <summary>Forgets the secret held in memory (the stored one stays).</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_secret);
        _gate.Dispose();
    }

    private static InvalidOperationException NotInitialized() =>
        new("The user identity is not initialized yet: await InitializeAsync() first.");

    /// <summary>Loads the identity unless already loaded; call with the gate held.</summary>
    private async ValueTask<Current> EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current)
        {
            return current;
        }

        var (secret, profile, ephemeral) = await LoadAsync(cancellationToken).ConfigureAwait(false);
        _secret = secret;
        _ephemeral = ephemeral;
        current = new Current(profile, DeviceSecret.DeriveUserId(secret, profile));
        _current = current;
        return current;
    }

    private async ValueTask<(byte[] Secret, string Profile, bool Ephemeral)> LoadAsync(CancellationToken cancellationToken)
    {
        string? storedSecret;
        string profile;
        try
        {
            if (!await _storage.IsAvailableAsync(WebStorageArea.Local, cancellationToken).ConfigureAwait(false))
            {
                return (DeviceSecret.Create(), DefaultProfile, true);
            }

            storedSecret = await _storage.GetItemAsync(WebStorageArea.Local, DeviceSecretKey, cancellationToken).ConfigureAwait(false);
            var storedProfile = await _storage.GetItemAsync(WebStorageArea.Local, CurrentUserKey, cancellationToken).ConfigureAwait(false);

            // A profile edited by hand into something invalid falls back to the default user.
            profile = UserProfileName.IsValid(storedProfile) ? storedProfile! : DefaultProfile;
        }
        catch (StorageException)
        {
            // Reading failed (blocked, private mode): work in memory, and write nothing, so a
            // secret that is there but unreadable right now is not overwritten.
            return (DeviceSecret.Create(), DefaultProfile, true);
        }

        if (DeviceSecret.TryParse(storedSecret, out var secret))
        {
            return (secret, profile, false);
        }

        // Absent, or not 32 bytes of base64: a damaged secret cannot give the old ids back, so
        // the state under them is out of reach either way; start a new secret.
        secret = DeviceSecret.Create();
        try
        {
            await WriteLocalAsync(DeviceSecretKey, DeviceSecret.Format(secret), cancellationToken).ConfigureAwait(false);

            // Two tabs opened together may both have found no secret; reading back adopts the
            // one that landed last, which narrows (not closes) the window where they disagree.
            var landed = await _storage.GetItemAsync(WebStorageArea.Local, DeviceSecretKey, cancellationToken).ConfigureAwait(false);
            if (DeviceSecret.TryParse(landed, out var adopted))
            {
                CryptographicOperations.ZeroMemory(secret);
                secret = adopted;
            }

            return (secret, profile, false);
        }
        catch (StorageException)
        {
            // Not saved (quota, blocked): this secret lasts only as long as the page.
            return (secret, profile, true);
        }
    }

    private ValueTask WriteLocalAsync(string key, string value, CancellationToken cancellationToken) =>
        _storage.WriteItemsAsync(WebStorageArea.Local, [new KeyValuePair<string, string>(key, value)], [], cancellationToken);

    private sealed record Current(string Profile, string UserId);
}
