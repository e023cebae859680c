using Xunit;

namespace OvasabiState.Generators.Tests;

/// <summary>The baseline helper itself: what it ignores and how it reports a difference.</summary>
public sealed class BaselineTests
{
    [Fact]
    public void Normalize_strips_bom_and_crlf_and_scrubs_the_generator_version()
    {
        var text = "\uFEFF// a\r\n[global::System.CodeDom.Compiler.GeneratedCode(\"OvasabiState.Generators\", \"1.2.3.4\")]\r\n";

        Assert.Equal(
            "// a\n[global::System.CodeDom.Compiler.GeneratedCode(\"OvasabiState.Generators\", \"VERSION\")]\n",
            Baseline.Normalize(text));
    }

    [Fact]
    public void Normalize_leaves_other_generated_code_attributes_alone()
    {
        const string text = "[GeneratedCode(\"Other.Tool\", \"1.0.0\")]\n";

        Assert.Equal(text, Baseline.Normalize(text));
    }

    [Fact]
    public void Unified_diff_shows_changed_lines_with_context()
    {
        var expected = "a\nb\nc\nd\ne\nf\ng\nh\ni\n";
        var actual = "a\nb\nc\nd\nE\nf\ng\nh\ni\n";

        var diff = Baseline.UnifiedDiff(expected, actual);

        Assert.Equal("--- verified\n+++ received\n@@ line 2 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n", diff);
    }
}
