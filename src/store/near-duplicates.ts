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
const MAX_BUCKET_COMPARISONS = 16;
const MAX_GROUP = 32;
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
      // The shingle is already well mixed: one multiply and shift per seed make a fresh order of it.
      let h = Math.imul(shingle ^ SEEDS[k]!, 0x9e3779b1);
      h = (h ^ (h >>> 15)) >>> 0;
      if (h < signature[k]!) signature[k] = h;
    }
  }
  return Buffer.from(signature.buffer).toString('base64');
}

function decode(signature: string): Uint32Array | undefined {
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length !== HASHES * 4) return undefined;
  const minima = new Uint32Array(HASHES);
  for (let k = 0; k < HASHES; k++) minima[k] = bytes.readUInt32LE(k * 4);
  return minima;
}

function similarity(x: Uint32Array, y: Uint32Array): number {
  let equal = 0;
  for (let k = 0; k < HASHES; k++) if (x[k] === y[k]) equal++;
  return equal / HASHES;
}

/** The share of equal minima: an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function estimatedSimilarity(a: string, b: string): number {
  const x = decode(a);
  const y = decode(b);
  return x && y ? similarity(x, y) : 0;
}

/**
 * Groups of ids (each of two or more, sorted; groups sorted by their first id) whose signatures say
 * they carry the same story. Each article, in id order, joins the first group whose first article
 * (its leader) it meets in an LSH band and resembles (estimated similarity ≥ SAME_STORY_SIMILARITY);
 * otherwise it leads a group of its own. Comparing with the leader, not with any member, keeps a
 * chain of articles each a little different from the last from becoming one story; groups are capped
 * (a story is not carried by hundreds of copies; texts that look so are boilerplate, not news).
 */
export function storyGroups(articles: ReadonlyArray<{ id: string; signature?: string }>): string[][] {
  const signed: Array<{ id: string; minima: Uint32Array }> = [];
  for (const a of articles) {
    const minima = a.signature === undefined ? undefined : decode(a.signature);
    if (minima) signed.push({ id: a.id, minima });
  }
  signed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const leadersByBand = Array.from({ length: BANDS }, () => new Map<string, number[]>());
  const members = new Map<number, string[]>();
  signed.forEach(({ id, minima }, i) => {
    const keys = leadersByBand.map((_, band) => minima.subarray(band * ROWS, (band + 1) * ROWS).join(','));
    for (let band = 0; band < BANDS; band++) {
      // The latest leaders of a crowded bucket only, so the work stays linear; real copies meet in several bands.
      for (const leader of (leadersByBand[band]!.get(keys[band]!) ?? []).slice(-MAX_BUCKET_COMPARISONS)) {
        const group = members.get(leader)!;
        if (group.length < MAX_GROUP && similarity(minima, signed[leader]!.minima) >= SAME_STORY_SIMILARITY) {
          group.push(id);
          return;
        }
      }
    }
    members.set(i, [id]);
    keys.forEach((key, band) => {
      const leaders = leadersByBand[band]!.get(key);
      if (leaders) leaders.push(i);
      else leadersByBand[band]!.set(key, [i]);
    });
  });
  return [...members.values()].filter((g) => g.length > 1);
}
