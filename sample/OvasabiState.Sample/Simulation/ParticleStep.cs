using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OvasabiState.Sample.Simulation;

/// <summary>
/// One simulation step over interleaved x, y, z floats:
/// <c>v += (g - k * p) * dt; p = clamp(p + v * dt, -bound, bound)</c> per axis. The same math as
/// Scripts/particle-step.js (the bench's anchor).
/// </summary>
public static class ParticleStep
{
    /// <summary>
    /// The vectorized step: <see cref="Vector128{T}"/> over blocks of 12 floats (4 particles, so the
    /// axis pattern x y z x | y z x y | z x y z repeats in three fixed vectors), then a scalar tail.
    /// Under the jiterpreter (no AOT here) this is ~3.5x the scalar loop; without it, no faster.
    /// </summary>
    public static void Step(Span<float> positions, Span<float> velocities, in StepParameters parameters)
    {
        if (velocities.Length < positions.Length)
        {
            throw new ArgumentException("Velocities must be at least as long as positions.", nameof(velocities));
        }

        var blockFloats = positions.Length / 12 * 12;
        var dt = parameters.DeltaTime;
        var kx = parameters.StiffnessX * dt;
        var ky = parameters.StiffnessY * dt;
        var kz = parameters.StiffnessZ * dt;
        var gy = parameters.Gravity * dt;

        var k0 = Vector128.Create(kx, ky, kz, kx);
        var k1 = Vector128.Create(ky, kz, kx, ky);
        var k2 = Vector128.Create(kz, kx, ky, kz);
        var g0 = Vector128.Create(0f, gy, 0f, 0f);
        var g1 = Vector128.Create(gy, 0f, 0f, gy);
        var g2 = Vector128.Create(0f, 0f, gy, 0f);
        var step = Vector128.Create(dt);
        var high = Vector128.Create(parameters.Bound);
        var low = -high;

        var p = MemoryMarshal.Cast<float, Vector128<float>>(positions[..blockFloats]);
        var v = MemoryMarshal.Cast<float, Vector128<float>>(velocities[..blockFloats]);
        ref var p0 = ref MemoryMarshal.GetReference(p);
        ref var v0 = ref MemoryMarshal.GetReference(v);
        for (var i = 0; i < p.Length; i += 3)
        {
            Advance(ref Unsafe.Add(ref p0, i), ref Unsafe.Add(ref v0, i), k0, g0, step, low, high);
            Advance(ref Unsafe.Add(ref p0, i + 1), ref Unsafe.Add(ref v0, i + 1), k1, g1, step, low, high);
            Advance(ref Unsafe.Add(ref p0, i + 2), ref Unsafe.Add(ref v0, i + 2), k2, g2, step, low, high);
        }

        StepScalar(positions, velocities, parameters, blockFloats);
    }

    /// <summary>
    /// The scalar loop, from float <paramref name="start"/> (a multiple of 3): the vector step's
    /// tail, and the bench's baseline for what vectorizing gains.
    /// </summary>
    public static void StepScalar(Span<float> positions, Span<float> velocities, in StepParameters parameters, int start = 0)
    {
        var dt = parameters.DeltaTime;
        var bound = parameters.Bound;
        var kx = parameters.StiffnessX * dt;
        var ky = parameters.StiffnessY * dt;
        var kz = parameters.StiffnessZ * dt;
        var gy = parameters.Gravity * dt;
        var end = Math.Min(positions.Length, velocities.Length) / 3 * 3;
        for (var i = start; i < end; i += 3)
        {
            var vx = velocities[i] - (kx * positions[i]);
            var vy = velocities[i + 1] + (gy - (ky * positions[i + 1]));
            var vz = velocities[i + 2] - (kz * positions[i + 2]);
            velocities[i] = vx;
            velocities[i + 1] = vy;
            velocities[i + 2] = vz;
            positions[i] = Math.Clamp(positions[i] + (vx * dt), -bound, bound);
            positions[i + 1] = Math.Clamp(positions[i + 1] + (vy * dt), -bound, bound);
            positions[i + 2] = Math.Clamp(positions[i + 2] + (vz * dt), -bound, bound);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Advance(ref Vector128<float> position, ref Vector128<float> velocity,
        Vector128<float> stiffness, Vector128<float> gravity, Vector128<float> dt, Vector128<float> low, Vector128<float> high)
    {
        var v = velocity + (gravity - (stiffness * position));
        velocity = v;
        position = Vector128.Min(Vector128.Max(position + (v * dt), low), high);
    }
}
