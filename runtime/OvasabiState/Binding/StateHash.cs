using System;
using System.IO.Hashing;

namespace OvasabiState;

/// <summary>The content hash of payloads: XXH3, 64 bits (System.IO.Hashing).</summary>
public static class StateHash
{
    /// <summary>The hash of a serialized payload; equal content gives an equal hash.</summary>
    public static ulong Of(ReadOnlySpan<byte> payload) => XxHash3.HashToUInt64(payload);
}
