using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace OvasabiState.Browser.Tests.Server;

/// <summary>
/// The Blazor Server test host must not depend on the machine's home directory. Data Protection
/// (antiforgery tokens, circuit ids, prerendered component state) keeps its keys by default in
/// <c>~/.aspnet/DataProtection-Keys</c>, and on the first run ever it creates that key ring and
/// logs a warning, which failed every <see cref="ServerRenderModeTests"/> test (they assert the
/// server logged none) on a fresh machine only: a second run found the key and passed.
/// </summary>
public sealed class ServerHostKeyTests
{
    /// <remarks>
    /// Not one host with the key directory absent: Data Protection finds that directory once per
    /// process (<c>$LOCALAPPDATA</c>, else <c>$HOME/.aspnet</c>), so a test can neither empty nor
    /// redirect it without moving the user's files or racing the other tests. Instead, two hosts
    /// started as the fixture starts its one: a key ring kept anywhere machine-wide is shared by
    /// both, whatever it already holds (the second host loads the key the first created or found),
    /// so a host on the default key ring fails this on every run, not only on a first one, where
    /// its warning fails it too. The key ids are compared, not only the payload: with
    /// <c>UseEphemeralDataProtectionProvider()</c> alone, payloads use per-host keys while the key
    /// ring is still loaded from, and created in, <c>~/.aspnet</c> at startup.
    /// </remarks>
    [Fact]
    public async Task Each_host_has_its_own_data_protection_keys_and_logs_no_warning_creating_them()
    {
        var firstLog = new ServerErrorLog();
        var secondLog = new ServerErrorLog();
        await using var first = await ServerAppFixture.StartHostAsync(firstLog);
        await using var second = await ServerAppFixture.StartHostAsync(secondLog);

        // The host loads (and here creates) its key ring while it starts.
        var firstRing = first.Services.GetRequiredService<IKeyManager>().GetAllKeys();
        var firstKeys = firstRing.Select(k => k.KeyId).ToList();
        var secondKeys = second.Services.GetRequiredService<IKeyManager>().GetAllKeys().Select(k => k.KeyId).ToList();
        const string Purpose = "ServerHostKeyTests";
        var payload = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect("only the first host opens this");
        var opening = Record.Exception(() => second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(payload));

        Assert.Empty(firstLog.Entries);
        Assert.Empty(secondLog.Entries);
        Assert.NotEmpty(firstKeys);
        Assert.NotEmpty(secondKeys);
        Assert.Empty(firstKeys.Intersect(secondKeys));
        Assert.IsAssignableFrom<CryptographicException>(opening);

        // A key read back from the host's store decrypts, as when its key ring is refreshed.
        Assert.All(firstRing, k => Assert.NotNull(k.Descriptor));
    }
}
