// Near-duplicate articles — the same wire story republished by several outlets, with a changed
// headline, a dropped line or a reworded word — found by MinHash over word shingles of the body,
// with locality-sensitive hashing so the comparison stays linear in the number of articles.
import { normalizeArabic } from '../arabic/index.ts';
import type { TextSpan } from '../corpus/index.ts';

const SHINGLE_WORDS = 3;
const HASHES = 64;
/** 16 bands of 4 rows: pairs at Jaccard 0.5 meet in a band with probability 0.64, at 0.7 with 0.99. */
const BANDS = 16;
const ROWS = HASHES / BANDS;
/** Estimated Jaccard similarity of the shingle sets above which two articles are one story. */
export const SAME_STORY_SIMILARITY = 0.5;
/**
 * Words of the body that are compared: far more than a news article has, so a long text costs no
 * more than a long article (a 20 MB file took 24 s in full), and copies of one story still share them.
 */
const MAX_WORDS = 5000;
const MAX_WORD_CHARS = 20;
const WORD_BREAK = /[^\p{L}\p{N}]+/u;
/** Too few shingles (a stub, a caption) and any two texts look alike or unlike by chance. */
const MIN_SHINGLES = 8;

/** Fixed seeds, so a signature means the same thing in every index and on every machine. */
const SEEDS = Uint32Array.from({ length: HASHES }, (_, i) => mix32(0x9e3779b9 ^ Math.imul(i + 1, 0x85ebca6b)));

/** murmur3's finaliser: a good 32-bit mix. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units. */
function hashText(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The MinHash signature of an article's body (its first MAX_WORDS words) (base64 of 64 little-endian uint32), or undefined
 * when the body is too short to compare. Words are normalised (diacritics, hamza forms), not
 * stemmed: copies of one story share their exact wording.
 */
export function storySignature(text: string, body: readonly TextSpan[]): string | undefined {
  const words: number[] = [];
  for (const span of body) {
    if (words.length >= MAX_WORDS) break;
    // One line can be a whole file: only as much of it as could hold the words still wanted.
    const end = Math.min(span.end, span.start + (MAX_WORDS - words.length) * MAX_WORD_CHARS);
    for (const word of normalizeArabic(text.slice(span.start, end)).split(WORD_BREAK)) {
      if (word !== '') words.push(hashText(word));
    }
  }
  const shingles = new Set<number>();
  for (let i = 0; i + SHINGLE_WORDS <= Math.min(words.length, MAX_WORDS); i++) {
    shingles.add(mix32(Math.imul(mix32(Math.imul(words[i]!, 31) ^ words[i + 1]!), 31) ^ words[i + 2]!));
  }
  if (shingles.size < MIN_SHINGLES) return undefined;
  const signature = new Uint32Array(HASHES).fill(0xffffffff);
  for (const shingle of shingles) {
    for (let k = 0; k < HASHES; k++) {
      const h = mix32(shingle ^ SEEDS[k]!);
      if (h < signature[k]!) signature[k] = h;
    }
  }
  return Buffer.from(signature.buffer).toString('base64');
}

function decode(signature: string): Uint32Array | undefined {
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length !== HASHES * 4) return undefined;
  const words = new Uint32Array(HASHES);
  for (let k = 0; k < HASHES; k++) words[k] = bytes.readUInt32LE(k * 4);
  return words;
}

/** The share of equal positions: an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function estimatedSimilarity(a: string, b: string): number {
  const x = decode(a);
  const y = decode(b);
  if (!x || !y) return 0;
  let equal = 0;
  for (let k = 0; k < HASHES; k++) if (x[k] === y[k]) equal++;
  return equal / HASHES;
}

/**
 * Groups of ids (each of two or more, sorted; groups sorted by their first id) whose signatures say
 * they carry the same story. Pairs meeting in an LSH band are confirmed by their estimated
 * similarity; groups are closed under "same story as" (union-find).
 */
export function storyGroups(articles: ReadonlyArray<{ id: string; signature?: string }>): string[][] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const signed = articles.filter((a) => a.signature !== undefined && decode(a.signature) !== undefined);
  for (const a of signed) parent.set(a.id, a.id);
  const bySignature = new Map(signed.map((a) => [a.id, a.signature!]));
  for (let band = 0; band < BANDS; band++) {
    const buckets = new Map<string, string[]>();
    for (const a of signed) {
      const bytes = Buffer.from(a.signature!, 'base64');
      const key = bytes.subarray(band * ROWS * 4, (band + 1) * ROWS * 4).toString('base64');
      const bucket = buckets.get(key);
      if (bucket) bucket.push(a.id);
      else buckets.set(key, [a.id]);
    }
    for (const bucket of buckets.values()) {
      for (let i = 1; i < bucket.length; i++) {
        for (let j = 0; j < i; j++) {
          const [x, y] = [find(bucket[i]!), find(bucket[j]!)];
          if (x === y) continue;
          if (estimatedSimilarity(bySignature.get(bucket[i]!)!, bySignature.get(bucket[j]!)!) >= SAME_STORY_SIMILARITY) {
            parent.set(x < y ? y : x, x < y ? x : y);
          }
        }
      }
    }
  }
  const groups = new Map<string, string[]>();
  for (const a of signed) {
    const root = find(a.id);
    const group = groups.get(root);
    if (group) group.push(a.id);
    else groups.set(root, [a.id]);
  }
  return [...groups.values()]
    .filter((g) => g.length > 1)
    .map((g) => g.sort())
    .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}
