/**
 * Duplicate-line detection in bounded memory: a Bloom filter of the line identities (`source_key`) seen so far. A
 * key the filter has not seen is certainly new; a key it may have seen becomes a candidate, and the importer asks
 * Postgres, once at the end, which candidates really occur twice (see importStatement.ts). The filter's size depends
 * on the file size but is capped, and the candidates are capped: past the cap the importer falls back to one grouped
 * query over the statement's lines. Either way the answer is exact; the filter only makes the common case (no
 * duplicates) cost a few integer operations per line instead of a B-tree insert or a grouped query.
 */

/** Hash functions per key. */
const HASHES = 6;
/** Smallest and largest filter, in bits (8 KiB, 16 MiB). */
const MIN_BITS_LOG2 = 16;
const MAX_BITS_LOG2 = 27;
/** Most candidates kept; more means the fallback query. */
export const MAX_DUPLICATE_CANDIDATES = 10_000;

/** A Bloom filter of line identities, with the keys it may already have seen. */
export class LineKeyFilter {
  private readonly words: Int32Array;
  private readonly mask: number;
  /** Keys that may repeat an earlier key (each at most once), unless {@link overflowed}. */
  readonly candidates = new Set<string>();
  /** Whether more than {@link MAX_DUPLICATE_CANDIDATES} candidates turned up (then they are incomplete). */
  overflowed = false;

  /**
   * @param expectedLines - About how many keys will be added, a pessimistic guess (sizes the filter at ~32 bits per
   *   expected key, within the caps). The importer guesses from the file size at 24 bytes per line; real revenue
   *   lines are about twice as long, so a filter gets ~64 bits per actual key: at 1 M keys a false candidate has a
   *   probability below 10^-6 per line. Any false candidate only costs the exact check in SQL.
   */
  constructor(expectedLines: number) {
    const wanted = Math.ceil(Math.log2(Math.max(1, expectedLines) * 32));
    const log2 = Math.min(MAX_BITS_LOG2, Math.max(MIN_BITS_LOG2, wanted));
    this.words = new Int32Array(2 ** (log2 - 5));
    this.mask = 2 ** log2 - 1;
  }

  /** Adds `key`; records it as a candidate when the filter may have seen it before. */
  add(key: string): void {
    // Two 32-bit hashes in one pass (FNV-1a and a multiply-xorshift), finalized, combined as h1 + i·h2.
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let index = 0; index < key.length; index++) {
      const code = key.charCodeAt(index);
      h1 = Math.imul(h1 ^ code, 0x01000193);
      h2 = Math.imul(h2 ^ code, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h1 = fmix(h1 ^ key.length);
    h2 = fmix(h2) | 1;
    let seen = true;
    for (let index = 0; index < HASHES; index++) {
      const bit = (h1 + Math.imul(index, h2)) & this.mask;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      if ((this.words[word] & flag) === 0) {
        seen = false;
        this.words[word] |= flag;
      }
    }
    if (!seen || this.candidates.has(key)) return;
    if (this.candidates.size < MAX_DUPLICATE_CANDIDATES) this.candidates.add(key);
    else this.overflowed = true;
  }
}

/** MurmurHash3's 32-bit finalizer. */
function fmix(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash;
}
