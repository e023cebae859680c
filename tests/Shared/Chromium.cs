using System;
using System.Threading.Tasks;
using Microsoft.Playwright;

namespace OvasabiState.Testing;

/// <summary>Debian's chromium driven by Playwright, with the project's flags; never <c>playwright install</c>.</summary>
internal static class Chromium
{
    /// <summary><c>$OVS_CHROMIUM</c>, else Debian's <c>/usr/bin/chromium</c>.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("OVS_CHROMIUM") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
}
