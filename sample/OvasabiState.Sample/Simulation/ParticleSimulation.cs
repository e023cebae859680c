using OvasabiState.Pools;
using OvasabiState.Sample.Records;

namespace OvasabiState.Sample.Simulation;

/// <summary>
/// The particles: positions and velocities (x, y, z each) in buffers rented from
/// <see cref="ComputeBufferPool"/>, stepped by <see cref="ParticleStep"/>. Stepping allocates
/// nothing; changing the count returns the buffers and rents new ones. Dispose returns them.
/// </summary>
public sealed class ParticleSimulation : IDisposable
{
    /// <summary>The most particles the page offers.</summary>
    public const int MaxParticles = 1_000_000;

    private readonly ComputeBufferPool _pool;
    private PooledArray<float> _positions;
    private PooledArray<float> _velocities;
    private StepParameters _step;

    /// <summary>Seeds <paramref name="count"/> particles.</summary>
    public ParticleSimulation(int count, SimulationParams? parameters = null, uint seed = ParticleSeeding.DefaultSeed, ComputeBufferPool? pool = null)
    {
        _pool = pool ?? ComputeBufferPool.Shared;
        Seed = seed;
        Parameters = parameters ?? new SimulationParams();
        Reset(count);
    }

    /// <summary>Particles simulated.</summary>
    public int Count { get; private set; }

    /// <summary>Steps since the particles were seeded (or since the restored snapshot's seeding).</summary>
    public long Frame { get; private set; }

    /// <summary>The seed of the starting state.</summary>
    public uint Seed { get; }

    /// <summary>The parameters, with <see cref="SimulationParams.ParticleCount"/> kept equal to <see cref="Count"/>.</summary>
    public SimulationParams Parameters { get; private set; }

    /// <summary>x, y, z per particle: what each frame hands to JavaScript.</summary>
    public Span<float> Positions => _positions.Span;

    /// <summary>Advances every particle by one fixed time step.</summary>
    public void Step()
    {
        ObjectDisposedException.ThrowIf(_positions.IsDefault, this);
        ParticleStep.Step(_positions.Span, _velocities.Span, _step);
        Frame++;
    }

    /// <summary>Re-seeds <paramref name="count"/> particles at frame 0.</summary>
    public void Reset(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxParticles);
        Resize(count);
        ParticleSeeding.SeedPositions(_positions.Span, Seed);
        ParticleSeeding.SeedVelocities(_velocities.Span, Seed);
        Frame = 0;
    }

    /// <summary>
    /// Restores saved positions (x, y, z per particle) at <paramref name="frame"/>. Snapshots keep
    /// positions only (12 bytes a particle, not 24), so velocities restart from the seed's.
    /// </summary>
    /// <exception cref="ArgumentException">The positions are empty, not whole particles, or too many.</exception>
    public void Load(ReadOnlySpan<float> positions, long frame = 0)
    {
        if (positions.Length == 0 || positions.Length % 3 != 0 || positions.Length / 3 > MaxParticles)
        {
            throw new ArgumentException($"Expected x, y, z for 1 to {MaxParticles:N0} particles; got {positions.Length} floats.", nameof(positions));
        }

        Resize(positions.Length / 3);
        positions.CopyTo(_positions.Span);
        ParticleSeeding.SeedVelocities(_velocities.Span, Seed);
        Frame = frame;
    }

    /// <summary>Returns the buffers to the pool.</summary>
    public void Dispose()
    {
        _pool.Return(_positions);
        _pool.Return(_velocities);
        _positions = default;
        _velocities = default;
    }

    private void Resize(int count)
    {
        if (count != Count || _positions.IsDefault)
        {
            _pool.Return(_positions);
            _pool.Return(_velocities);
            _positions = _pool.Rent(count * 3);
            _velocities = _pool.Rent(count * 3);
            Count = count;
            Parameters = Parameters with { ParticleCount = count };
        }

        _step = StepParameters.From(Parameters);
    }
}
