import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseArticle, type Article } from './article.ts';

export interface SkippedFile { file: string; reason: string }
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
   * are always parsed. With `known`, files are read on a worker thread when one can be started.
   */
  known?: Readonly<Record<string, string>>;
}

const EXTENSIONS = new Set(['.txt', '.md']);
const READ_CONCURRENCY = 16;
/** Far above any article; keeps a stray dump from exhausting memory or the maximum string length. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;
const MAX_CONTROL_SHARE = 0.1;

function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}

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
    // The default (ignoreBOM: false) drops a leading BOM.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    const at = firstInvalidUtf8(bytes);
    if (at < 0) return { ok: false, reason: `could not be decoded: ${errorCode(err)}` };
    const hex = bytes[at]!.toString(16).padStart(2, '0');
    return { ok: false, reason: `not valid UTF-8 (byte 0x${hex} at offset ${at})` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { ok: false, reason: 'empty file (only whitespace)' };
  const share = controlShare(text);
  if (share > MAX_CONTROL_SHARE) {
    return { ok: false, reason: `binary file (${Math.round(share * 100)}% control characters)` };
  }
  return { ok: true, text };
}

function byCodePoint(a: string, b: string): number {
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
      unreadable.push({ file: `${rel}/`, reason: `folder could not be read: ${errorCode(err)}` });
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
  files.sort(byCodePoint);
  return { files, unreadable };
}

/** Ids (posix paths relative to dir) of the *.txt and *.md files under dir, sorted; hidden entries skipped. */
export async function listCorpusFiles(dir: string): Promise<string[]> {
  return (await walk(dir)).files;
}

type Outcome = { article: Article; warning?: string } | { skipped: SkippedFile } | { unchanged: string };

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

async function load(dir: string, id: string, options: ReadCorpusOptions): Promise<Outcome> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path.join(dir, ...id.split('/')));
  } catch (err) {
    return unreadableFile(id, errorCode(err));
  }
  return fromBytes(id, bytes, options.known && Object.hasOwn(options.known, id) ? options.known[id] : undefined);
}

function unreadableFile(id: string, code: string): Outcome {
  return { skipped: { file: id, reason: `could not be read: ${code}` } };
}

/** What a file's bytes make: unchanged (its known hash), an article, or a reason to skip it. */
function fromBytes(id: string, bytes: Uint8Array, knownHash: string | undefined): Outcome {
  if (bytes.length > MAX_FILE_BYTES) {
    const mb = (n: number) => Math.round(n / (1024 * 1024));
    return { skipped: { file: id, reason: `too large (${mb(bytes.length)} MB, limit ${mb(MAX_FILE_BYTES)} MB)` } };
  }
  if (knownHash !== undefined && !startsWithBom(bytes)) {
    // Without a BOM, an article's hash (sha256 of its text as UTF-8) is the hash of the file's bytes.
    if (createHash('sha256').update(bytes).digest('hex') === knownHash) return { unchanged: id };
  }
  const decoded = decodeArticle(bytes);
  if (!decoded.ok) return { skipped: { file: id, reason: decoded.reason } };
  try {
    let warning: string | undefined;
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
  const hashes = files.map((id) => (Object.hasOwn(known, id) ? known[id]! : null));
  let results: Array<0 | Uint8Array | { code: string }>;
  try {
    results = await new Promise((resolve, reject) => {
      const worker = new Worker(SCAN_SOURCE, { eval: true, workerData: { dir, files, hashes } });
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the corpus scan stopped (exit code ${code})`)));
    });
  } catch {
    return undefined;
  }
  return results.map((result, i) => {
    const id = files[i]!;
    if (result === 0) return { unchanged: id };
    if (result instanceof Uint8Array) return fromBytes(id, result, undefined);
    return unreadableFile(id, result.code);
  });
}

/** The worker of scanOnWorker (CommonJS, evaluated): sync reads are cheap off the main thread. */
const SCAN_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
const path = require('node:path');
const { dir, files, hashes } = workerData;
const results = files.map((id, i) => {
  try {
    const bytes = readFileSync(path.join(dir, ...id.split('/')));
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    if (hashes[i] !== null && !bom && createHash('sha256').update(bytes).digest('hex') === hashes[i]) return 0;
    return new Uint8Array(bytes);
  } catch (err) {
    const code = err && typeof err === 'object' && typeof err.code === 'string' ? err.code : err instanceof Error ? err.message : String(err);
    return { code };
  }
});
parentPort.postMessage(results);
`;

/** Reads every article under dir; files that cannot be used are listed in `skipped` with the reason. */
export async function readCorpus(dir: string, options: ReadCorpusOptions = {}): Promise<CorpusReadResult> {
  const { files, unreadable } = await walk(dir);
  let outcomes = options.known ? await scanOnWorker(dir, files, options.known) : undefined;
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
  skipped.sort((a, b) => byCodePoint(a.file, b.file));
  return options.known ? { articles, skipped, warnings, unchanged } : { articles, skipped, warnings };
}
