using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit;

namespace OvasabiState.Generators.Tests;

/// <summary>
/// Checked-in expected output: <c>Snapshots/{test}/{hint name without .cs}.verified.cs</c>, one
/// per generated file. A mismatch fails with a unified diff and writes a sibling
/// <c>.received.cs</c> (gitignored). <c>OVS_UPDATE_SNAPSHOTS=1</c> rewrites the baselines.
/// </summary>
internal static partial class Baseline
{
    private const string VerifiedSuffix = ".verified.cs";
    private const string ReceivedSuffix = ".received.cs";

    private static readonly string Root = Path.Combine(
        typeof(Baseline).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!,
        "Snapshots");

    public static bool Updating => Environment.GetEnvironmentVariable("OVS_UPDATE_SNAPSHOTS") == "1";

    /// <summary>Compares every file of <paramref name="files"/> (hint name, text) with the baselines of <paramref name="test"/>.</summary>
    public static void Match(string test, IEnumerable<(string HintName, string Text)> files)
    {
        var directory = Path.Combine(Root, test);
        var actual = files.ToDictionary(f => FileName(f.HintName), f => Normalize(f.Text), StringComparer.Ordinal);
        Assert.NotEmpty(actual);

        if (Updating)
        {
            Directory.CreateDirectory(directory);
            foreach (var stale in Directory.GetFiles(directory).Where(p => !actual.ContainsKey(Path.GetFileName(p))))
            {
                File.Delete(stale);
            }

            foreach (var (name, text) in actual)
            {
                File.WriteAllText(Path.Combine(directory, name), text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }

            return;
        }

        var failures = new List<string>();
        var expectedNames = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*" + VerifiedSuffix).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal)
            : [];
        foreach (var missing in expectedNames.Where(n => !actual.ContainsKey(n!)).Order(StringComparer.Ordinal))
        {
            failures.Add($"{test}/{missing}: the baseline exists but the generator no longer writes this file.");
        }

        foreach (var (name, text) in actual.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(directory, name);
            var received = path[..^VerifiedSuffix.Length] + ReceivedSuffix;
            var expected = File.Exists(path) ? Normalize(File.ReadAllText(path)) : null;
            if (expected == text)
            {
                File.Delete(received);
                continue;
            }

            Directory.CreateDirectory(directory);
            File.WriteAllText(received, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            failures.Add(expected is null
                ? $"{test}/{name}: no baseline; the output is in {received}. Run with OVS_UPDATE_SNAPSHOTS=1 to accept it."
                : $"{test}/{name} differs from its baseline (received: {received}):\n{UnifiedDiff(expected, text)}");
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>Text as compared: LF line endings, no BOM, the generator version scrubbed.</summary>
    public static string Normalize(string text)
    {
        text = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
        return GeneratorVersion().Replace(text, "${prefix}VERSION\")");
    }

    /// <summary>A unified diff (with three lines of context) of two texts.</summary>
    public static string UnifiedDiff(string expected, string actual)
    {
        var diff = InlineDiffBuilder.Diff(expected, actual, ignoreWhiteSpace: false);
        var lines = diff.Lines;
        var changed = lines.Select((l, i) => (l, i)).Where(p => p.l.Type != ChangeType.Unchanged).Select(p => p.i).ToList();
        var text = new StringBuilder().Append("--- verified\n+++ received\n");
        var shown = -1;
        foreach (var index in changed)
        {
            var from = Math.Max(index - 3, shown + 1);
            if (from > shown + 1)
            {
                text.Append(CultureInfo.InvariantCulture, $"@@ line {from + 1} @@\n");
            }

            for (var i = from; i <= Math.Min(index + 3, lines.Count - 1); i++)
            {
                if (i <= shown)
                {
                    continue;
                }

                var line = lines[i];
                var mark = line.Type switch
                {
                    ChangeType.Inserted => '+',
                    ChangeType.Deleted => '-',
                    _ => ' ',
                };
                text.Append(mark).Append(line.Text).Append('\n');
                shown = i;
            }
        }

        return text.ToString();
    }

    private static string FileName(string hintName) =>
        (hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName[..^3] : hintName) + VerifiedSuffix;

    [GeneratedRegex("""(?<prefix>GeneratedCode\("OvasabiState\.Generators", ")[^"]*"\)""")]
    private static partial Regex GeneratorVersion();
}
