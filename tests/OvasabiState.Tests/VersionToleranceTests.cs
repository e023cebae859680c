using System;
using System.Linq;
using CsCheck;
using OvasabiState.Serialization;
using OvasabiState.Tests.Support;
using Xunit;
using V1 = OvasabiState.Tests.Records.Evolution.V1;
using V2 = OvasabiState.Tests.Records.Evolution.V2;
using V3 = OvasabiState.Tests.Records.Evolution.V3;

namespace OvasabiState.Tests;

/// <summary>
/// Payloads cross versions both ways: a newer type reads an older payload (appended members get
/// their initializer values) and an older type reads a newer payload (appended members, also
/// inside nested objects, are skipped). Different schema or format versions are refused.
/// </summary>
public sealed class VersionToleranceTests
{
    private static readonly StateBinding<V1.Widget> Old = Bindings.Of<V1.Widget>();
    private static readonly StateBinding<V2.Widget> New = Bindings.Of<V2.Widget>();

    private static readonly Gen<V1.Widget> OldWidgets = Gen.Select(
        Gens.Text, Gen.Int, Gen.Null(Gen.Select(Gen.Int, Gen.Int, (w, h) => new V1.Dimensions { Width = w, Height = h }), 0.2),
        (id, count, size) => new V1.Widget { Id = id, Count = count, Size = size });

    private static readonly Gen<V2.Widget> NewWidgets = Gen.Select(
        Gens.Text, Gen.Int, Gen.Null(Gen.Select(Gen.Int, Gen.Int, Gen.Int, (w, h, d) => new V2.Dimensions { Width = w, Height = h, Depth = d }), 0.2),
        Gens.Text, Gen.Int.List[Gens.Size], Gen.Select(Gen.Int, Gen.Int, Gen.Int, (w, h, d) => new V2.Dimensions { Width = w, Height = h, Depth = d }),
        (id, count, size, label, tags, frame) => new V2.Widget { Id = id, Count = count, Size = size, Label = label, Tags = tags, Frame = frame });

    [Fact]
    public void VersionsShareTheSchemaVersionButNotTheStore()
    {
        Assert.Equal(Old.Schema.Version, New.Schema.Version);
        Assert.NotEqual(Old.Schema.Name, New.Schema.Name);
        Assert.NotEqual(Old.Schema.Hash, New.Schema.Hash);
        Assert.Equal(["Id", "Count", "Size"], Old.MemberNames);
        Assert.Equal(["Id", "Count", "Size", "Label", "Tags", "Frame"], New.MemberNames);
    }

    [Fact]
    public void NewTypeReadsOldPayloadWithInitializerDefaults()
    {
        OldWidgets.Sample(old =>
        {
            var widget = New.Deserialize(Old.Serialize(old));

            Assert.Equal(old.Id, widget.Id);
            Assert.Equal(old.Count, widget.Count);
            if (old.Size is null)
            {
                Assert.Null(widget.Size);
            }
            else
            {
                Assert.NotNull(widget.Size);
                Assert.Equal(old.Size.Width, widget.Size.Width);
                Assert.Equal(old.Size.Height, widget.Size.Height);
                Assert.Equal(7, widget.Size.Depth); // the nested type's appended member
            }

            Assert.Equal("unnamed", widget.Label);
            Assert.Empty(widget.Tags);
            Assert.Equal(new V2.Dimensions { Width = 640, Height = 480, Depth = 32 }, widget.Frame);
        }, iter: 200, print: w => w.ToString());
    }

    [Fact]
    public void DefaultsFromOldPayloadsAreFreshInstances()
    {
        var payload = Old.Serialize(new V1.Widget { Id = "a", Count = 1 });
        var first = New.Deserialize(payload);
        var second = New.Deserialize(payload);

        Assert.NotSame(first.Tags, second.Tags);
        Assert.NotSame(first.Frame, second.Frame);
        first.Tags.Add(42);
        Assert.Empty(second.Tags);
        Assert.Empty(New.Deserialize(payload).Tags);
    }

    [Fact]
    public void OldTypeReadsNewPayloadAndSkipsTheTail()
    {
        NewWidgets.Sample(widget =>
        {
            var old = Old.Deserialize(New.Serialize(widget));

            Assert.Equal(widget.Id, old.Id);
            Assert.Equal(widget.Count, old.Count);
            if (widget.Size is null)
            {
                Assert.Null(old.Size);
            }
            else
            {
                Assert.NotNull(old.Size);
                Assert.Equal(widget.Size.Width, old.Size.Width);
                Assert.Equal(widget.Size.Height, old.Size.Height);
            }

            // What the old app writes back is exactly its own view of the record.
            var rewritten = Old.Serialize(old);
            Assert.Equal(rewritten, Old.Serialize(Old.Deserialize(rewritten)));
        }, iter: 200, print: w => w.ToString());
    }

    [Fact]
    public void NewPayloadReadByOldTypeThenNewTypeKeepsTheSharedMembers()
    {
        var widget = new V2.Widget
        {
            Id = "w\U0001F600",
            Count = -5,
            Size = new V2.Dimensions { Width = 3, Height = 4, Depth = 99 },
            Label = "label",
            Tags = [1, 2, 3],
            Frame = new V2.Dimensions { Width = 1, Height = 2, Depth = 3 },
        };

        var roundTripped = New.Deserialize(Old.Serialize(Old.Deserialize(New.Serialize(widget))));

        Assert.Equal(widget.Id, roundTripped.Id);
        Assert.Equal(widget.Count, roundTripped.Count);
        Assert.Equal(new V2.Dimensions { Width = 3, Height = 4, Depth = 7 }, roundTripped.Size);
        Assert.Equal("unnamed", roundTripped.Label);
        Assert.Empty(roundTripped.Tags);
    }

    [Fact]
    public void OldTypeStillRejectsTrailingBytesWhenNoMembersWereAppended()
    {
        var payload = Old.Serialize(new V1.Widget { Id = "x" });
        var error = Assert.Throws<StateFormatException>(() => Old.Deserialize([.. payload, 0]));
        Assert.Equal(StateFormatError.InvalidLength, error.Error);
        Assert.Equal(payload.Length, error.Offset);
    }

    [Fact]
    public void DifferentSchemaVersionIsRefused()
    {
        var v3 = Bindings.Of<V3.Widget>();
        Assert.Equal(2, v3.Schema.Version);
        var payload = v3.Serialize(new V3.Widget { Id = "a", Count = 1 });

        var error = Assert.Throws<StateFormatException>(() => New.Deserialize(payload));
        Assert.Equal(StateFormatError.SchemaVersionMismatch, error.Error);
        Assert.Equal(New.TypeName, error.TypeName);
        Assert.Equal(2, error.Offset);
        Assert.Contains("schema version 2", error.Message, StringComparison.Ordinal);

        var back = Assert.Throws<StateFormatException>(() => v3.Deserialize(New.Serialize(new V2.Widget())));
        Assert.Equal(StateFormatError.SchemaVersionMismatch, back.Error);
        Assert.Equal(v3.TypeName, back.TypeName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(0xFFFF)]
    public void PatchedSchemaVersionIsRefused(int version)
    {
        var payload = New.Serialize(new V2.Widget());
        payload[2] = (byte)version;
        payload[3] = (byte)(version >> 8);

        var error = Assert.Throws<StateFormatException>(() => New.Deserialize(payload));
        Assert.Equal(StateFormatError.SchemaVersionMismatch, error.Error);
        Assert.Contains($"schema version {version}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x4E)]
    [InlineData(0xFF)]
    [InlineData((int)'{')]
    public void WrongFirstByteIsNotAPayload(int first)
    {
        var payload = New.Serialize(new V2.Widget());
        payload[0] = (byte)first;

        var error = Assert.Throws<StateFormatException>(() => New.Deserialize(payload));
        Assert.Equal(StateFormatError.NotAPayload, error.Error);
        Assert.Equal(0, error.Offset);
        Assert.Equal(New.TypeName, error.TypeName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(255)]
    public void OtherFormatVersionIsUnsupported(int formatVersion)
    {
        var payload = New.Serialize(new V2.Widget());
        payload[1] = (byte)formatVersion;

        var error = Assert.Throws<StateFormatException>(() => New.Deserialize(payload));
        Assert.Equal(StateFormatError.UnsupportedFormatVersion, error.Error);
        Assert.Equal(1, error.Offset);
        Assert.Contains($"format version {formatVersion}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderLayoutIsAsDocumented()
    {
        var payload = New.Serialize(new V2.Widget());
        Assert.Equal(StateFormat.Magic, payload[0]);
        Assert.Equal(StateFormat.Version, payload[1]);
        Assert.Equal(1, BitConverter.ToUInt16(payload, 2));
        Assert.Equal(New.MemberCount, payload[4]);
        Assert.True(payload.Length > StateFormat.HeaderSize);
    }

    [Fact]
    public void EmptyAndHeaderOnlyPayloadsAreTruncated()
    {
        foreach (var payload in new byte[][] { [], [StateFormat.Magic], [StateFormat.Magic, StateFormat.Version, 1, 0] })
        {
            var error = Assert.Throws<StateFormatException>(() => New.Deserialize(payload));
            Assert.Equal(StateFormatError.Truncated, error.Error);
        }

        // A header that announces no members is a complete (all-defaults) payload.
        var empty = New.Deserialize([StateFormat.Magic, StateFormat.Version, 1, 0, 0]);
        Assert.True(New.Diff(New.CreateDefault(), empty).IsEmpty);
        Assert.Equal(Enumerable.Range(0, New.MemberCount), New.Diff(New.CreateDefault(), New.CreateDefault() with { Id = "x", Count = 1, Size = null, Label = "", Tags = [1], Frame = new() }).Ordinals());
    }
}
