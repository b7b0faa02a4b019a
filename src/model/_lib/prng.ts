/**
 * Small deterministic PRNG (mulberry32): the trainer must give the same forest for the same seed on every
 * platform and worker count, which `Math.random` cannot.
 */
export interface Prng {
  /** Next 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
  /** Uniform float in [0, 1). */
  nextFloat(): number;
}

/** Creates a mulberry32 generator from a 32-bit seed. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    nextUint32,
    // Multiply-shift keeps the bias below 2^-32 × n, negligible for the sizes used here (n < 2^31).
    nextInt: (n) => Math.floor((nextUint32() / 4294967296) * n),
    nextFloat: () => nextUint32() / 4294967296,
  };
}

/**
 * Derives an independent seed for stream `index` of a master seed (splitmix32-style mixing), so that each
 * tree or fold draws from its own stream: results do not depend on the order trees are built in.
 */
export function deriveSeed(seed: number, index: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97) >>> 0;
  return (z ^ (z >>> 15)) >>> 0;
}
