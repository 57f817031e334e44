import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Article } from './article.ts';
import type { ScanInput, ScanResult } from './scan-worker.ts';
import { errorCode, isUnchanged } from './file-bytes.ts';

export interface SkippedFile {
  file: string;
  reason: string;
  /** The file (or folder, `file` ending in "/") is there but could not be read now: not a deleted file. */
  unreadable?: boolean;
}
export interface CorpusReadResult {
  articles: Article[];
  skipped: SkippedFile[];
  /** Files read, but not entirely: an unusable front matter (the article is there without its metadata). */
  warnings: SkippedFile[];
  /** With `known`: ids of the files found unchanged, not parsed (so not in `articles`), in corpus order. */
  unchanged?: string[];
}

export interface ReadCorpusOptions {
  /**
   * Hashes of articles the caller already holds, by id (an index's manifest). A file whose bytes
   * hash to the known hash of its id is not decoded and cleaned again — most of the time of reading
   * a large corpus — and is listed in `unchanged` instead of `articles`. Files starting with a BOM
   * are always parsed. With `known`, the files of a large corpus are read on a worker thread when one can be started.
   */
  known?: Readonly<Record<string, string>>;
}

const EXTENSIONS = new Set(['.txt', '.md']);
const READ_CONCURRENCY = 16;
/**
 * Below this many files the scan stays on the calling thread: starting a worker costs more than it
 * saves (tens of ms of start-up against ~0.1 ms of the caller's time per file read).
 */
const WORKER_MIN_FILES = 500;
/** Far above any article; keeps a stray dump from exhausting memory or the maximum string length. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;
const MAX_CONTROL_SHARE = 0.1;

/** Offset of the first byte sequence that is not well-formed UTF-8 (overlong forms and surrogates included). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return -1;
}

function controlShare(text: string): number {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isControl = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d)
      || (c >= 0x7f && c <= 0x9f);
    if (isControl) controls++;
  }
  return text.length === 0 ? 0 : controls / text.length;
}

export function decodeArticle(bytes: Uint8Array): { ok: true; text: string } | { ok: false; reason: string } {
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, reason: 'UTF-16 text (only UTF-8 is supported)' };
  }
  if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  let text: string;
  try {
    // A leading BOM is kept, as fs.readFileSync(file, 'utf8') and Python keep it: offsets count it.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (err) {
    const at = firstInvalidUtf8(bytes);
    if (at < 0) return { ok: false, reason: `could not be decoded: ${errorCode(err)}` };
    const hex = bytes[at]!.toString(16).padStart(2, '0');
    return { ok: false, reason: `not valid UTF-8 (byte 0x${hex} at offset ${at})` };
  }
  if (text.trim() === '') return { ok: false, reason: 'empty file (only whitespace)' };
  const share = controlShare(text);
  if (share > MAX_CONTROL_SHARE) {
    return { ok: false, reason: `binary file (${Math.round(share * 100)}% control characters)` };
  }
  return { ok: true, text };
}

/**
 * The one order of articles (and files) everywhere: by id, comparing UTF-16 code units — the code
 * point order for every id outside the astral planes. Never locale-dependent, so \`isnad articles\`
 * lists the same order after an update as after a rebuild.
 */
export function compareArticleIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Listing { files: string[]; unreadable: SkippedFile[] }

async function walk(root: string): Promise<Listing> {
  let info;
  try {
    info = await stat(root);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') throw new Error(`corpus folder not found: ${root}`);
    throw new Error(`corpus folder could not be read: ${root} (${errorCode(err)})`);
  }
  if (!info.isDirectory()) throw new Error(`corpus path is not a folder: ${root}`);

  const files: string[] = [];
  const unreadable: SkippedFile[] = [];
  // Symlinked folders are followed once each, so a link back up the tree cannot loop.
  const visited = new Set<string>([await realpath(root)]);

  const visit = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch (err) {
      if (rel === '') throw new Error(`corpus folder could not be read: ${root} (${errorCode(err)})`);
      unreadable.push({ file: `${rel}/`, reason: `folder could not be read: ${errorCode(err)}`, ...(errorCode(err) !== 'ENOENT' && { unreadable: true }) });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const id = rel === '' ? entry.name : `${rel}/${entry.name}`;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(path.join(root, id));
          isDir = target.isDirectory();
          isFile = target.isFile();
          if (isDir) {
            const real = await realpath(path.join(root, id));
            if (visited.has(real)) continue;
            visited.add(real);
          }
        } catch {
          isDir = false;
          isFile = EXTENSIONS.has(path.extname(entry.name).toLowerCase()); // dangling: reported when read
        }
      }
      if (isDir) await visit(id);
      else if (isFile && EXTENSIONS.has(path.extname(entry.name).toLowerCase())) files.push(id);
    }
  };
  await visit('');
  files.sort(compareArticleIds);
  return { files, unreadable };
}

/** Ids (posix paths relative to dir) of the *.txt and *.md files under dir, sorted; hidden entries skipped. */
export async function listCorpusFiles(dir: string): Promise<string[]> {
  return (await walk(dir)).files;
}

type Outcome = { article: Article; warning?: string } | { skipped: SkippedFile } | { unchanged: string };

async function load(dir: string, id: string, options: ReadCorpusOptions): Promise<Outcome> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path.join(dir, ...id.split('/')));
  } catch (err) {
    return unreadableFile(id, errorCode(err));
  }
  return fromBytes(id, bytes, options.known && Object.hasOwn(options.known, id) ? options.known[id] : undefined);
}

let articleModule: Promise<typeof import('./article.ts')> | undefined;
/**
 * The article parser (cleaning, front matter, their word lists), loaded at the first file that
 * needs it rather than with this module: `isnad articles` over an up-to-date index parses none.
 */
function articleParser(): Promise<typeof import('./article.ts')> {
  articleModule ??= import('./article.ts');
  return articleModule;
}

function unreadableFile(id: string, code: string): Outcome {
  return { skipped: { file: id, reason: `could not be read: ${code}`, ...(code !== 'ENOENT' && { unreadable: true }) } };
}

/** What a file's bytes make: unchanged (its known hash), an article, or a reason to skip it. */
async function fromBytes(id: string, bytes: Uint8Array, knownHash: string | undefined): Promise<Outcome> {
  if (bytes.length > MAX_FILE_BYTES) {
    const mb = (n: number) => Math.round(n / (1024 * 1024));
    return { skipped: { file: id, reason: `too large (${mb(bytes.length)} MB, limit ${mb(MAX_FILE_BYTES)} MB)` } };
  }
  if (isUnchanged(bytes, knownHash)) return { unchanged: id };
  const decoded = decodeArticle(bytes);
  if (!decoded.ok) return { skipped: { file: id, reason: decoded.reason } };
  try {
    let warning: string | undefined;
    const { parseArticle } = await articleParser();
    const article = parseArticle(id, decoded.text, (message) => (warning = message));
    return warning === undefined ? { article } : { article, warning };
  } catch (err) {
    return { skipped: { file: id, reason: `could not be parsed: ${errorCode(err)}` } };
  }
}

/**
 * With known hashes (an index is being brought up to date), the files are read and hashed on a
 * worker thread, so the caller's thread stays free to load the index meanwhile: 10,000 reads through
 * fs/promises cost the calling thread ~0.8 s. The worker sends back, per file, "unchanged" (its bytes
 * hash to its known hash), its bytes, or the code of the error that kept it from being read; what
 * the bytes make is decided here, by fromBytes, exactly as for a file read on this thread.
 * Undefined when no worker thread can be started.
 */
async function scanOnWorker(dir: string, files: string[], known: Readonly<Record<string, string>>): Promise<Outcome[] | undefined> {
  const workerData: ScanInput = { dir, files, hashes: files.map((id) => (Object.hasOwn(known, id) ? known[id]! : null)) };
  let results: ScanResult[];
  try {
    // Imported here: node:worker_threads is slow to load, and a small corpus (isnad articles) is read without it.
    const { startWorker } = await import('../worker-thread.ts');
    results = await new Promise((resolve, reject) => {
      const worker = startWorker(import.meta.url, 'scan-worker', { workerData });
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the corpus scan stopped (exit code ${code})`)));
    });
  } catch {
    return undefined;
  }
  return Promise.all(
    results.map((result, i) => {
      const id = files[i]!;
      if (result === 0) return { unchanged: id };
      if (result instanceof Uint8Array) return fromBytes(id, result, undefined);
      return unreadableFile(id, result.code);
    }),
  );
}

/** Reads every article under dir; files that cannot be used are listed in `skipped` with the reason. */
export async function readCorpus(dir: string, options: ReadCorpusOptions = {}): Promise<CorpusReadResult> {
  const { files, unreadable } = await walk(dir);
  let outcomes = options.known && files.length >= WORKER_MIN_FILES ? await scanOnWorker(dir, files, options.known) : undefined;
  if (!outcomes) {
    const read: Outcome[] = new Array(files.length);
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const i = next++;
        read[i] = await load(dir, files[i]!, options);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
    outcomes = read;
  }

  const articles: Article[] = [];
  const skipped: SkippedFile[] = [...unreadable];
  const unchanged: string[] = [];
  const warnings: SkippedFile[] = [];
  for (const o of outcomes) {
    if ('article' in o) {
      articles.push(o.article);
      if (o.warning !== undefined) warnings.push({ file: o.article.id, reason: o.warning });
    } else if ('unchanged' in o) unchanged.push(o.unchanged);
    else skipped.push(o.skipped);
  }
  skipped.sort((a, b) => compareArticleIds(a.file, b.file));
  return options.known ? { articles, skipped, warnings, unchanged } : { articles, skipped, warnings };
}
