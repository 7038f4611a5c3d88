/**
 * Fresh IVs for sealed values, drawn from a random source a few hundred at a time: where many
 * values are sealed in a row (a pulled page in the app, a push batch at the gateway, one value
 * per case), a call into the CSPRNG per value cost more than the sealing itself. The source is
 * passed in (Node's `randomBytes` at both ends), so this stays free of the runtime.
 */
const ivLength = 16;
const ivsPerDraw = 256;

/** A function that returns a fresh IV on each call; IVs never repeat across draws. */
export function ivPool(random: (size: number) => Uint8Array): () => Uint8Array {
  let pool: Uint8Array = new Uint8Array(0);
  let next = 0;
  return () => {
    if (next + ivLength > pool.length) {
      pool = random(ivsPerDraw * ivLength);
      next = 0;
    }
    next += ivLength;
    return pool.subarray(next - ivLength, next);
  };
}
