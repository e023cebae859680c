using System.Linq;
using Xunit;

namespace OvasabiState.Tests.Stores;

/// <summary>Compares records by persisted content (records holding lists compare lists by reference).</summary>
internal static class ContentAssert
{
    public static void Same<T>(T expected, T? actual)
        where T : ILayered<T>
    {
        Assert.NotNull(actual);
        var differing = T.Binding.Diff(expected, actual!).Names(T.Binding.MemberNames).ToList();
        Assert.True(differing.Count == 0, $"{typeof(T).Name} differs in: {string.Join(", ", differing)}");
    }

    public static void Same<T>(byte[] expectedPayload, T? actual)
        where T : ILayered<T> => Same(T.Binding.Deserialize(expectedPayload), actual);
}
