// @ts-check
/**
 * The particle step in plain JavaScript: the same math as Simulation/ParticleStep.cs, on
 * Float32Arrays. It is the anchor of the "particles" bench suite (our C# step is compared with it
 * on the same N); the page never runs it.
 */

/**
 * One step: v += (g - k * p) * dt per axis; p = clamp(p + v * dt, -bound, bound).
 * Positions and velocities are interleaved x, y, z.
 * @param {Float32Array} positions
 * @param {Float32Array} velocities
 * @param {number} count particles
 * @param {{ dt: number, gravity: number, bound: number, stiffness: Float32Array }} p the step's parameters (stiffness per axis)
 */
export function stepParticles(positions, velocities, count, p) {
  const dt = p.dt;
  const bound = p.bound;
  const kx = p.stiffness[0] * dt, ky = p.stiffness[1] * dt, kz = p.stiffness[2] * dt;
  const gy = p.gravity * dt;
  const end = count * 3;
  for (let i = 0; i < end; i += 3) {
    const vx = velocities[i] - kx * positions[i];
    const vy = velocities[i + 1] + gy - ky * positions[i + 1];
    const vz = velocities[i + 2] - kz * positions[i + 2];
    velocities[i] = vx;
    velocities[i + 1] = vy;
    velocities[i + 2] = vz;
    positions[i] = Math.min(Math.max(positions[i] + vx * dt, -bound), bound);
    positions[i + 1] = Math.min(Math.max(positions[i + 1] + vy * dt, -bound), bound);
    positions[i + 2] = Math.min(Math.max(positions[i + 2] + vz * dt, -bound), bound);
  }
}

/**
 * Fills the buffers like ParticleSeeding.cs (xorshift32 from the seed) so the JS step runs on the
 * same kind of data; the values need not match C#'s bit for bit, only their distribution.
 * @param {Float32Array} positions
 * @param {Float32Array} velocities
 * @param {number} seed
 */
export function seedParticles(positions, velocities, seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return (state >>> 8) / 16777216;
  };
  for (let i = 0; i < positions.length; i++) {
    positions[i] = (next() * 2 - 1) * 1.5;
    velocities[i] = (next() * 2 - 1) * 0.5;
  }
}
