namespace OvasabiState.Sample.Simulation;

/// <summary>
/// Deterministic starting state: the same seed gives the same particles on every run and
/// machine (xorshift32, not <see cref="Random"/>, whose algorithm is not promised to stay fixed),
/// so tests can compare positions. Scripts/particle-step.js seeds the bench's JS buffers alike.
/// </summary>
public static class ParticleSeeding
{
    /// <summary>The seed of the page's particles.</summary>
    public const uint DefaultSeed = 12345;

    /// <summary>Positions in a cube of side 3 around the centre.</summary>
    public static void SeedPositions(Span<float> positions, uint seed)
    {
        var state = seed == 0 ? 1 : seed;
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = ((Next(ref state) * 2) - 1) * 1.5f;
        }
    }

    /// <summary>Velocities in [-0.5, 0.5] per axis, from a stream of their own (so a restore can re-derive them).</summary>
    public static void SeedVelocities(Span<float> velocities, uint seed)
    {
        var state = (seed ^ 0x9E3779B9u) == 0 ? 1 : seed ^ 0x9E3779B9u;
        for (var i = 0; i < velocities.Length; i++)
        {
            velocities[i] = ((Next(ref state) * 2) - 1) * 0.5f;
        }
    }

    // A float in [0, 1) from the top 24 bits of the next xorshift32 state.
    private static float Next(ref uint state)
    {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return (state >> 8) / 16777216f;
    }
}
