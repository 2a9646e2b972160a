// The two deterministic primitives of the simulator: FNV-1a (32-bit) for identities and mulberry32 as the PRNG.
// No global state: every caller owns its generator, so one instrument's draws never shift another's.

/** FNV-1a 32-bit over the string's UTF-16 code units (identical to the byte form for ASCII). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator seeded with the simulator seed XOR the FNV-1a hash of a key. */
export function seededRandom(seed: number, key: string): () => number {
  return mulberry32((seed ^ fnv1a32(key)) >>> 0);
}
