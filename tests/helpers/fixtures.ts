/**
 * Paths of the real test material and temporary folders for tests that write files.
 * Every temporary folder is made with fs.mkdtemp under os.tmpdir() and removed by `removeAll()`.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The five news articles the bot ships with. */
export const NEWS_CORPUS = path.join(ROOT, 'corpus');
/** 146 Arabic Wikipedia articles of the ARCD evaluation set (paragraphs separated by blank lines). */
export const ARCD_CORPUS = path.resolve(ROOT, '../shared/eval/arcd/corpus');
/** The 32 questions about the news articles. */
export const SEED_QA = path.resolve(ROOT, '../shared/eval/seed-qa.jsonl');
/** The 1,395 ARCD questions. */
export const ARCD_QA = path.resolve(ROOT, '../shared/eval/arcd/qa.jsonl');

/** Real Arabic to test text analysis on: [file name, text] of the five articles and the first 20 ARCD documents. */
export function sampleTexts(): Array<[string, string]> {
  const texts: Array<[string, string]> = readdirSync(NEWS_CORPUS)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => [f, readFileSync(path.join(NEWS_CORPUS, f), 'utf8')]);
  for (const f of readdirSync(ARCD_CORPUS).sort().slice(0, 20)) texts.push([f, readFileSync(path.join(ARCD_CORPUS, f), 'utf8')]);
  return texts;
}

export class TempDirs {
  private readonly made: string[] = [];

  /** A new empty folder `<tmpdir>/isnad-<label>-XXXXXX`. */
  async make(label: string): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), `isnad-${label}-`));
    this.made.push(dir);
    return dir;
  }

  async removeAll(): Promise<void> {
    await Promise.all(this.made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** Copies the named files (default: all regular files) of a corpus folder into `to`, which is created. */
export async function copyCorpus(from: string, to: string, names?: readonly string[]): Promise<string[]> {
  await mkdir(to, { recursive: true });
  const chosen =
    names ??
    (await readdir(from, { withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
  await Promise.all(chosen.map((name) => copyFile(path.join(from, name), path.join(to, name))));
  return [...chosen];
}

/** The name of the one file in a folder whose name starts with `prefix` ("002" → "002_10ecb58a6e64aa15.txt"). */
export async function fileStartingWith(dir: string, prefix: string): Promise<string> {
  const matches = (await readdir(dir)).filter((name) => name.startsWith(prefix));
  if (matches.length !== 1) throw new Error(`expected one file starting with ${prefix} in ${dir}, found ${matches.length}`);
  return matches[0]!;
}

/** A file's text as anyone reads it, and as every offset counts: UTF-8, a leading BOM kept. */
export async function readArticleText(file: string): Promise<string> {
  return readFile(file, 'utf8');
}

export interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

/** Size, modification time and inode of every file in a folder: a rewrite or an atomic replace changes one of them. */
export async function fileStamps(dir: string): Promise<Record<string, FileStamp>> {
  const stamps: Record<string, FileStamp> = {};
  for (const name of (await readdir(dir)).sort()) {
    const s = await stat(path.join(dir, name));
    stamps[name] = { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino };
  }
  return stamps;
}
