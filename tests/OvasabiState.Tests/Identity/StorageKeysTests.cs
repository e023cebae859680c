using System;
using System.Threading.Tasks;
using CsCheck;
using OvasabiState.Identity;
using OvasabiState.Storage;
using Xunit;

namespace OvasabiState.Tests.Identity;

/// <summary><see cref="StorageKeys"/>: keys namespaced by user id, never shared between users or stores.</summary>
public sealed class StorageKeysTests
{
    private static readonly Gen<string> StoreNames = Gen.String[Gen.Char["abz09_.-"], 1, 6];

    private static readonly Gen<IndexKey> Keys = Gen.OneOf(
        Gen.String[Gen.Char["ab:|]\\[s0n-"], 0, 6].Select(IndexKey.From),
        Gen.Int[-3, 3].Select(i => IndexKey.From((long)i)),
        Gen.Select(Gen.String[Gen.Char["a:|"], 0, 3], Gen.Int[0, 2], (s, n) => IndexKey.Array(IndexKey.From(s), IndexKey.From((long)n))));

    [Fact]
    public void KeysHaveTheDocumentedShape()
    {
        var user = "0123456789abcdef0123456789abcdef";

        Assert.Equal($"ovs:{user}:prefs:s:theme", StorageKeys.Scoped(user, "prefs", IndexKey.From("theme")));
        Assert.Equal($"ovs:{user}:prefs:", StorageKeys.StorePrefix(user, "prefs"));
        Assert.Equal($"ovasabi-{user}", StorageKeys.Database(user));
        Assert.StartsWith(StorageKeys.StorePrefix(user, "prefs"), StorageKeys.Scoped(user, "prefs", IndexKey.Singleton), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysOfTwoUsersNeverCollide()
    {
        var browser = new InMemoryBrowser();
        using var identity = new UserIdentity(browser.OpenTab());
        await identity.SwitchUserAsync("ana");
        var ana = identity.UserId;
        await identity.SwitchUserAsync("ben");
        var ben = identity.UserId;

        Gen.Select(StoreNames, Keys, StoreNames, Keys).Sample((storeA, keyA, storeB, keyB) =>
        {
            var a = StorageKeys.Scoped(ana, storeA, keyA);
            var b = StorageKeys.Scoped(ben, storeB, keyB);
            Assert.NotEqual(a, b);
            Assert.False(a.StartsWith(StorageKeys.StorePrefix(ben, storeB), StringComparison.Ordinal));
            Assert.False(b.StartsWith(StorageKeys.StorePrefix(ana, storeA), StringComparison.Ordinal));
            Assert.NotEqual(StorageKeys.Database(ana), StorageKeys.Database(ben));
        });
    }

    [Fact]
    public void KeysOfOneUserAreDistinctPerStoreAndKey()
    {
        const string User = "u1";
        Gen.Select(StoreNames, Keys, StoreNames, Keys).Sample((storeA, keyA, storeB, keyB) =>
        {
            var same = storeA == storeB && keyA == keyB;
            Assert.Equal(same, StorageKeys.Scoped(User, storeA, keyA) == StorageKeys.Scoped(User, storeB, keyB));

            // Listing one store by prefix never picks up another store's keys.
            Assert.Equal(storeA == storeB, StorageKeys.Scoped(User, storeA, keyA).StartsWith(StorageKeys.StorePrefix(User, storeB), StringComparison.Ordinal));
        });
    }

    [Theory]
    [InlineData("", "store")]
    [InlineData("user:1", "store")]
    [InlineData("user", "")]
    [InlineData("user", "a:s")]
    public void PartsThatCouldBlurTheSeparatorsAreRejected(string user, string store)
    {
        Assert.ThrowsAny<ArgumentException>(() => StorageKeys.Scoped(user, store, IndexKey.From("k")));
        Assert.ThrowsAny<ArgumentException>(() => StorageKeys.StorePrefix(user, store));
    }

    [Fact]
    public void NoneIsNotAKey()
    {
        Assert.Throws<ArgumentException>(() => StorageKeys.Scoped("u", "s", IndexKey.None));
        Assert.ThrowsAny<ArgumentException>(() => StorageKeys.Database("u:1"));
    }
}
