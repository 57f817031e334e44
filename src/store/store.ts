import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from '../zod.ts';

/**
 * The on-disk layout of an index. Every write goes to files named after a new generation, and
 * the manifest — written last, by an atomic rename — is the commit point: a crash at any moment
 * leaves the previous manifest pointing at the previous, complete generation.
 */
/**
 * 3: articles carry their metadata (published, url, author, section) and near-duplicate links.
 * 4: each term's postings in label order (lexical bm25-postings-v3), which pruned search relies on.
 */
export const INDEX_FORMAT_VERSION = 4;
export const MANIFEST_FILE = 'manifest.json';

/**
 * `texts` (the articles' texts, UTF-16) and `postings` (the lexical index's numbers) are binary:
 * decoding and encoding them as JSON was most of the time of loading and of saving a large index.
 */
export const PART_NAMES = ['articles', 'texts', 'chunks', 'lexical', 'postings', 'hnsw', 'embedder'] as const;
export type PartName = (typeof PART_NAMES)[number];

const fileEntry = z.object({ name: z.string(), bytes: z.int().check(z.nonnegative()), sha256: z.string().check(z.length(64)) });

export const manifestSchema = z.object({
  format: z.literal(INDEX_FORMAT_VERSION),
  generation: z.int().check(z.nonnegative()),
  createdAt: z.string(),
  embedder: z.object({ id: z.string(), dims: z.int().check(z.positive()) }),
  chunking: z.object({ maxChars: z.int(), overlapSentences: z.int() }),
  hnsw: z.object({ m: z.int(), efConstruction: z.int() }),
  counts: z.object({ articles: z.int(), chunks: z.int() }),
  nextLabel: z.int().check(z.nonnegative()),
  articleHashes: z.record(z.string(), z.string()),
  files: z.object({
    articles: fileEntry,
    texts: fileEntry,
    chunks: fileEntry,
    lexical: fileEntry,
    postings: fileEntry,
    hnsw: fileEntry,
    embedder: z.nullable(fileEntry),
  }),
});
export type Manifest = z.infer<typeof manifestSchema>;

export class CorruptIndexError extends Error {
  override name = 'CorruptIndexError';
}

/** Reads the manifest; undefined when there is no index yet. Throws CorruptIndexError when unreadable. */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  let raw: string;
  try {
    raw = await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new CorruptIndexError(`${MANIFEST_FILE} is not valid JSON`);
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format !== INDEX_FORMAT_VERSION) {
    throw new CorruptIndexError(`${MANIFEST_FILE} is of index format ${format}; this version reads format ${INDEX_FORMAT_VERSION}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new CorruptIndexError(`${MANIFEST_FILE} does not match index format ${INDEX_FORMAT_VERSION}`);
  }
  return parsed.data;
}

/** Why an index built as `manifest` cannot be updated in place with these settings; undefined when it can. */
export function settingsMismatch(
  manifest: Manifest,
  settings: { embedderId: string; chunking: Manifest['chunking']; hnsw: Manifest['hnsw'] },
): string | undefined {
  const wanted = settings.embedderId;
  if (manifest.embedder.id !== wanted) return `it was built with ${manifest.embedder.id}, now ${wanted}`;
  if (
    manifest.chunking.maxChars !== settings.chunking.maxChars ||
    manifest.chunking.overlapSentences !== settings.chunking.overlapSentences
  ) {
    return 'chunk settings changed';
  }
  if (manifest.hnsw.m !== settings.hnsw.m || manifest.hnsw.efConstruction !== settings.hnsw.efConstruction) {
    return 'HNSW settings changed';
  }
  return undefined;
}

/** Reads one part and checks its size and checksum against the manifest. */
export async function readPart(dir: string, manifest: Manifest, part: PartName): Promise<Buffer> {
  const entry = manifest.files[part];
  if (!entry) throw new CorruptIndexError(`the manifest lists no ${part} file`);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(dir, entry.name));
  } catch (error) {
    throw new CorruptIndexError(`${entry.name} could not be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  if (bytes.length !== entry.bytes) {
    throw new CorruptIndexError(`${entry.name} has ${bytes.length} bytes, the manifest says ${entry.bytes} (truncated?)`);
  }
  if (sha256(bytes) !== entry.sha256) throw new CorruptIndexError(`${entry.name} fails its checksum (altered?)`);
  return bytes;
}

export function partPath(dir: string, manifest: Manifest, part: PartName): string {
  const entry = manifest.files[part];
  if (!entry) throw new CorruptIndexError(`the manifest lists no ${part} file`);
  return path.join(dir, entry.name);
}

export function partFileName(part: PartName, generation: number): string {
  const extension = part === 'hnsw' ? 'hnsw' : part === 'texts' || part === 'postings' ? 'bin' : 'json';
  return `${part}.${generation}.${extension}`;
}

/** Writes a file under a temporary name, flushes it to disk and renames it into place. */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<{ bytes: number; sha256: string }> {
  const temporary = `${file}.tmp-${process.pid}`;
  // Encoded once, for the file and its checksum (encoding tens of MB of Arabic text twice cost seconds).
  const buffer = typeof data === 'string' ? Buffer.from(data) : data;
  let digest: string;
  try {
    const handle = await fs.open(temporary, 'w');
    try {
      const writing = handle.writeFile(buffer);
      digest = sha256(buffer); // while the bytes go to disk on libuv's threads
      await writing;
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  return { bytes: buffer.length, sha256: digest };
}

/** Fingerprints a file written by another library (hnswlib writes its own files). */
export async function describeFile(file: string): Promise<{ bytes: number; sha256: string }> {
  const bytes = await fs.readFile(file);
  return { bytes: bytes.length, sha256: sha256(bytes) };
}

export async function commitManifest(dir: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
  await syncDirectory(dir);
}

/**
 * A generation number no file in `dir` uses yet — even when the current index is being discarded
 * (rebuild, damage, changed settings), its files must stay untouched until the new manifest lands.
 */
export async function nextGeneration(dir: string): Promise<number> {
  let highest = 0;
  for (const name of await fs.readdir(dir)) {
    const match = /^[a-z]+\.(\d+)\./.exec(name);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  const manifest = await readManifest(dir).catch(() => undefined);
  return Math.max(highest, manifest?.generation ?? 0) + 1;
}

/**
 * Deletes what the manifest does not list: files of other generations and temporary files of
 * interrupted writes. Only a writer holding the lock calls it — anything unlisted is then its own
 * or a dead writer's, never the half-written file of a live one.
 */
export async function removeUnlisted(dir: string, manifest: Manifest | undefined): Promise<void> {
  const keep = new Set<string>([MANIFEST_FILE]);
  for (const entry of Object.values(manifest?.files ?? {})) if (entry) keep.add(entry.name);
  const partPattern = new RegExp(`^(${PART_NAMES.join('|')})\\.\\d+\\.(json|hnsw|bin)(\\.tmp-\\d+)?$`);
  for (const name of await fs.readdir(dir)) {
    if (keep.has(name)) continue;
    if (partPattern.test(name) || /^manifest\.json\.tmp-\d+$/.test(name)) {
      await fs.rm(path.join(dir, name), { force: true, recursive: true });
    }
  }
}

/** Flushes a file written by another library (hnswlib) to disk before it is renamed into place. */
export async function syncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems do not support fsync on directories; the rename is still atomic.
  } finally {
    await handle.close();
  }
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Error codes of a folder that cannot be written now; the index in it can still be read. */
const CANNOT_WRITE: Record<string, string> = {
  EROFS: 'the folder is on a read-only file system',
  EACCES: 'no permission to write there',
  EPERM: 'no permission to write there',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'a file size limit was reached',
};

/** Why `error` means the folder cannot be written now, or undefined when it is some other failure. */
export function cannotWriteReason(error: unknown): string | undefined {
  if (error instanceof OutOfSpaceError) return error.message;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code && Object.hasOwn(CANNOT_WRITE, code) ? `${CANNOT_WRITE[code]} (${code})` : undefined;
}

export function isOutOfSpace(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return error instanceof OutOfSpaceError || code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG';
}

export class OutOfSpaceError extends Error {
  override name = 'OutOfSpaceError';
  constructor(dir: string, needed: number | undefined, free: number | undefined, detail?: string) {
    const amounts = [
      needed !== undefined ? `the new index needs about ${megabytes(needed)}` : '',
      free !== undefined ? `${megabytes(free)} free` : '',
      detail ?? '',
    ]
      .filter(Boolean)
      .join(', ');
    super(`out of disk space in ${dir}${amounts ? `: ${amounts}` : ''}`);
  }
}

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Bytes free to this user on the file system of `dir`; undefined where that cannot be measured. */
export async function freeBytes(dir: string): Promise<number | undefined> {
  try {
    const s = await fs.statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

/**
 * Fails with OutOfSpaceError before anything is written when `bytes` will not fit: hnswlib does not
 * report a failed write (a truncated graph file only shows as "corrupted" when read back).
 */
export async function ensureSpace(dir: string, bytes: number): Promise<void> {
  const free = await freeBytes(dir);
  if (free !== undefined && bytes > free) throw new OutOfSpaceError(dir, bytes, free);
}
