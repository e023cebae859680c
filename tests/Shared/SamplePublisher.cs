using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace OvasabiState.Testing;

/// <summary>Publishes the sample app (Release) for the browser tests and the browser benchmarks.</summary>
internal static class SamplePublisher
{
    /// <summary>Publishes to <c>artifacts/<paramref name="folder"/></c> and returns its <c>wwwroot</c>.</summary>
    public static async Task<string> PublishAsync(string folder)
    {
        var root = Repository.Root();
        var output = Path.Combine(root, "artifacts", folder);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", Path.Combine(root, "sample", "OvasabiState.Sample", "OvasabiState.Sample.csproj"), "-c", "Release", "-o", output, "--nologo" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of the sample failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return Path.Combine(output, "wwwroot");
    }
}
