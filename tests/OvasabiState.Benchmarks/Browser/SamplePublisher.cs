using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace OvasabiState.Benchmarks.Browser;

/// <summary>Publishes the sample (Release) to artifacts/sample-bench when no published wwwroot is given.</summary>
internal static class SamplePublisher
{
    public static async Task<string> PublishAsync()
    {
        var root = RepositoryRoot();
        var output = Path.Combine(root, "artifacts", "sample-bench");
        Console.Error.WriteLine($"browser: publishing the sample to {output} ...");
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

    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OvasabiState.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("OvasabiState.sln not found above the current directory or " + AppContext.BaseDirectory);
    }
}
