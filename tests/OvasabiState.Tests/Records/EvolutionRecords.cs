using System.Collections.Generic;

// Three versions of one record, as three separately compiled apps would declare it. They live in
// one test assembly, so each needs its own store name; V1 and V2 share the schema version (an
// additive change needs no version bump), V3 bumps it.

namespace OvasabiState.Tests.Records.Evolution.V1
{
    /// <summary>The first shipped version of the widget.</summary>
    [Layered(Store = "widgets_v1")]
    public partial record Widget
    {
        [StateKey] public string Id { get; init; } = "";

        public int Count { get; init; }

        public Dimensions? Size { get; init; } = new();
    }

    /// <summary>A nested type as V1 knew it.</summary>
    public sealed record Dimensions
    {
        public int Width { get; init; } = 1;

        public int Height { get; init; } = 1;
    }
}

namespace OvasabiState.Tests.Records.Evolution.V2
{
    /// <summary>V2 appends members to the widget, and one to its nested type.</summary>
    [Layered(Store = "widgets_v2")]
    public partial record Widget
    {
        [StateKey] public string Id { get; init; } = "";

        public int Count { get; init; }

        public Dimensions? Size { get; init; } = new();

        // Appended in V2: read as these initializer values from V1 payloads.
        public string Label { get; init; } = "unnamed";

        public List<int> Tags { get; init; } = [];

        public Dimensions Frame { get; init; } = new() { Width = 640, Height = 480, Depth = 32 };
    }

    /// <summary>The nested type with a member appended in V2.</summary>
    public sealed record Dimensions
    {
        public int Width { get; init; } = 1;

        public int Height { get; init; } = 1;

        // Appended in V2.
        public int Depth { get; init; } = 7;
    }
}

namespace OvasabiState.Tests.Records.Evolution.V3
{
    /// <summary>A breaking change: the schema version is bumped, so older payloads are refused.</summary>
    [Layered(Store = "widgets_v3", SchemaVersion = 2)]
    public partial record Widget
    {
        [StateKey] public string Id { get; init; } = "";

        public long Count { get; init; }
    }
}
