using Xunit;

namespace OvasabiState.Browser.Tests;

/// <summary>The collection of every browser test: one published sample, server and browser, and the tests run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class SampleAppTests : ICollectionFixture<SampleAppFixture>
{
    public const string Name = "sample app";
}
