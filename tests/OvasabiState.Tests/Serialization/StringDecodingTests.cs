using System;
using System.Linq;
using System.Text;
using CsCheck;
using OvasabiState.Serialization;
using OvasabiState.Tests.Support;
using Xunit;

namespace OvasabiState.Tests.Serialization;

/// <summary>
/// <see cref="StateReader.ReadString"/> decodes ASCII on a fast path and everything else through a
/// validating decoder. Both must agree with a throwing <see cref="UTF8Encoding"/>: the same string
/// for valid UTF-8, and a typed error at the string's length prefix for anything else, however
/// long the valid ASCII run before the bad byte is.
/// </summary>
public sealed class StringDecodingTests
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Lengths around the vector widths and the one-byte length prefix limit (127).</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(126)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(5000)]
    public void AsciiRoundTripsAtEveryLength(int length)
    {
        var text = new string(Enumerable.Range(0, length).Select(i => (char)(' ' + (i % 95))).ToArray());

        Assert.Equal(text, RoundTrip(text));
    }

    [Theory]
    [InlineData("Grüße")]
    [InlineData("日本語のテキスト")]
    [InlineData("emoji 😀 and a pair 𝄞")]
    [InlineData("a long ASCII run before one accented letter at the very end: é")]
    [InlineData("é then a long ASCII run after the first non-ASCII letter")]
    public void NonAsciiRoundTrips(string text) => Assert.Equal(text, RoundTrip(text));

    [Fact]
    public void NullAndEmptyStayApart()
    {
        Assert.Null(RoundTrip(null));
        Assert.Equal(string.Empty, RoundTrip(string.Empty));
    }

    /// <summary>Invalid sequences after valid ASCII runs of several lengths: none is replaced.</summary>
    [Fact]
    public void InvalidUtf8AfterAnAsciiRunIsATypedError()
    {
        byte[][] bad = [[0x80], [0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xE2, 0x82]];
        foreach (var asciiRun in new[] { 0, 1, 31, 32, 100 })
        {
            foreach (var sequence in bad)
            {
                var bytes = Encoding.ASCII.GetBytes(new string('a', asciiRun)).Concat(sequence).ToArray();
                var payload = StringPayload(bytes, out var prefixAt);

                var error = Assert.Throws<StateFormatException>(() => ReadOne(payload));
                Assert.Equal(StateFormatError.InvalidValue, error.Error);
                Assert.Equal(prefixAt, error.Offset);
                Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Any bytes, mostly ASCII or not: the reader accepts exactly what the strict decoder accepts, with the same result.</summary>
    [Fact]
    public void AgreesWithTheStrictDecoderOnAnyBytes()
    {
        var asciiHeavy = Gen.Frequency((6, Gen.Byte[0x20, 0x7E]), (1, Gen.Byte));
        var bytes = Gen.OneOf(asciiHeavy.Array[0, 200], Gen.Byte.Array[0, 40], Gens.Text.Select(Encoding.UTF8.GetBytes));
        bytes.Sample(input =>
        {
            string? expected;
            try
            {
                expected = Strict.GetString(input);
            }
            catch (DecoderFallbackException)
            {
                expected = null;
            }

            var payload = StringPayload(input, out _);
            if (expected is null)
            {
                Assert.Equal(StateFormatError.InvalidValue, Assert.Throws<StateFormatException>(() => ReadOne(payload)).Error);
            }
            else
            {
                Assert.Equal(expected, ReadOne(payload));
            }
        });
    }

    [Fact]
    public void LengthPrefixBeyondTheDataIsAnInvalidLength()
    {
        using var buffer = new StateBuffer();
        var writer = new StateWriter(buffer);
        writer.WriteVarUInt32(200 + 1);
        writer.WriteString("short");
        writer.Flush();

        var error = Assert.Throws<StateFormatException>(() => ReadOne(buffer.ToArray()));
        Assert.Equal(StateFormatError.InvalidLength, error.Error);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void UnfinishedLengthPrefixIsTruncated()
    {
        var error = Assert.Throws<StateFormatException>(() => ReadOne([0x80]));
        Assert.Equal(StateFormatError.Truncated, error.Error);
    }

    private static string? RoundTrip(string? text)
    {
        using var buffer = new StateBuffer();
        var writer = new StateWriter(buffer);
        writer.WriteString(text);
        writer.Flush();
        return ReadOne(buffer.ToArray());
    }

    /// <summary>One string: its length prefix (at offset 0) and the raw bytes.</summary>
    private static byte[] StringPayload(byte[] bytes, out int prefixAt)
    {
        using var buffer = new StateBuffer();
        var writer = new StateWriter(buffer);
        prefixAt = writer.Position;
        writer.WriteVarUInt32((uint)bytes.Length + 1);
        bytes.CopyTo(writer.Reserve(bytes.Length));
        writer.Flush();
        return buffer.ToArray();
    }

    private static string? ReadOne(byte[] payload)
    {
        var reader = new StateReader(payload, "test");
        var value = reader.ReadString();
        Assert.Equal(0, reader.Remaining);
        return value;
    }
}
