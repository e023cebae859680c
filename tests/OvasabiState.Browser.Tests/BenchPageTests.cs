using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// The /bench page works: a quick (smoke) run of the serializer suite publishes every expected
/// figure, ours and the anchor, as finite positive numbers in #bench-json, with no console error.
/// Speed is never asserted here: that is the runner's job (tests/OvasabiState.Benchmarks, `browser`).
/// </summary>
[Collection(SampleAppTests.Name)]
public sealed class BenchPageTests(SampleAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task A_quick_serializer_run_publishes_every_case_for_ours_and_the_anchor()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = CollectErrors(page);

        await page.GotoAsync(app.BaseUrl + "bench?suite=serializer&autorun=1&quick=1");
        var status = await WaitForStatusAsync(page);
        Assert.Equal("done", status);

        using var json = JsonDocument.Parse((await page.TextContentAsync("#bench-json"))!);
        Assert.Equal("done", json.RootElement.GetProperty("Status").GetString());
        var figures = json.RootElement.GetProperty("Measurements").EnumerateArray().Select(m => new
        {
            Suite = m.GetProperty("Suite").GetString(),
            Case = m.GetProperty("Case").GetString(),
            Anchor = m.GetProperty("IsAnchor").GetBoolean(),
            Value = m.GetProperty("Value").GetDouble(),
            Unit = m.GetProperty("Unit").GetString(),
        }).ToList();

        var expected = new List<string>();
        foreach (var shape in new[] { "compute, 10,000 floats", "preferences", "campaign" })
        {
            expected.AddRange([$"serialize {shape}", $"deserialize {shape}", $"payload size {shape}"]);
        }

        Assert.Equal(expected.Order(), figures.Select(f => f.Case!).Distinct().Order());
        foreach (var benchCase in expected)
        {
            // One anchor (System.Text.Json) and one figure of ours per case.
            Assert.Equal([true, false], figures.Where(f => f.Case == benchCase).Select(f => f.Anchor).Order().Reverse());
        }

        Assert.All(figures, f =>
        {
            Assert.Equal("serializer", f.Suite);
            Assert.True(double.IsFinite(f.Value) && f.Value > 0, $"{f.Case}: {f.Value} {f.Unit}");
            Assert.True(f.Unit is "µs" or "B", $"{f.Case}: unit {f.Unit}");
        });
        // The page shows the same figures with a ratio to their anchor.
        Assert.Equal(figures.Count, await page.Locator("#bench-results tbody tr").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_unknown_suite_fails_with_the_list_of_suites()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "bench?suite=nope&autorun=1");
        var status = await WaitForStatusAsync(page);
        Assert.StartsWith("failed: no suite 'nope'", status);
        Assert.Contains("serializer", status);
        Assert.Contains("indexeddb", status);
    }

    private List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
                output.WriteLine("console error: " + message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    private static async Task<string> WaitForStatusAsync(IPage page)
    {
        var status = page.Locator("#bench-status");
        await Assertions.Expect(status).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(done|failed.*)$"), new() { Timeout = 60_000 });
        return (await status.TextContentAsync())!.Trim();
    }
}
