import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseFrontMatter, type ArticleMetadata } from '../corpus/index.ts';
import { isArchive, readArchive, type FieldMap } from './archive.ts';
import type { CorpusWriter, NewArticle, WriteOutcome } from './corpus-writer.ts';
import { Semaphore } from '../concurrency.ts';
import { ExtractError, type ExtractedArticle } from './extract.ts';
import { sharedExtractor, type Extractor } from './extractor.ts';
import { HttpError, type HttpClient } from './http.ts';

export interface AddReport {
  /** Corpus files written. */
  added: string[];
  /** Articles the corpus already held. */
  duplicates: number;
  /** One line per source or row that could not be added, saying which and why. */
  problems: string[];
  /** Pages not fetched because the round's time was up: they are fetched at the next one. */
  postponed: number;
}

export interface AddContext {
  writer: CorpusWriter;
  http: HttpClient;
  /** Where pages are extracted; by default the process's shared pool of worker threads. */
  extractor?: Extractor;
  /** Clock time (ms, the HTTP client's clock) after which no page is started and no retry waited for. */
  deadline?: number;
  map?: FieldMap;
  /** Progress lines, e.g. every 1,000 archive rows. */
  log?: (line: string) => void;
}

const HTML_FILE = /\.(?:html?|xhtml)$/i;
const TEXT_FILE = /\.(?:txt|md)$/i;
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
/**
 * Pages fetched or waiting to be extracted at once, in the whole process: each holds its body (up
 * to the HTTP client's 5 MB), so a feed whose items sit on 400 hosts holds at most this many.
 */
const pageSlots = new Semaphore(8);

export function newReport(): AddReport {
  return { added: [], duplicates: 0, problems: [], postponed: 0 };
}

/**
 * Adds web pages (http(s) addresses), HTML files, JSON Lines and CSV archives, text files, and
 * folders of them to the corpus. One source that fails is reported and the others still added.
 */
export async function addSources(inputs: string[], ctx: AddContext): Promise<AddReport> {
  const report = newReport();
  const urls = inputs.filter(isWebAddress);
  await Promise.all([
    ...urls.map((url) => addPage(url, ctx, report)),
    (async () => {
      for (const input of inputs.filter((i) => !isWebAddress(i))) await addPath(input, ctx, report);
    })(),
  ]);
  return report;
}

/**
 * Fetches one page and adds its article; `fallback` fills what the page does not say (a feed
 * item's title, date, outlet). False when the page could not be added this time but may be later
 * (a timeout, a busy or failing server); true when it was added, was there already, or can never
 * be (the reason is in the report).
 */
export async function addPage(url: string, ctx: AddContext, report: AddReport, fallback: ArticleMetadata = {}): Promise<boolean> {
  if (ctx.writer.fileForUrl(url)) {
    report.duplicates++;
    return true;
  }
  return pageSlots.run(async () => {
    if (ctx.deadline !== undefined && ctx.http.options.clock.now() > ctx.deadline) {
      report.postponed++;
      return false;
    }
    try {
      const page = await fetchArticle(ctx, url);
      record(report, ctx.writer.write({ metadata: { ...fallback, ...page.metadata }, text: page.text }));
      return true;
    } catch (error) {
      report.problems.push(describe(error, url));
      return !isTransient(error);
    }
  });
}

/** A failure that may not happen again: a network error, a timeout, HTTP 408, 429 or 5xx. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof HttpError)) return false;
  if (error.permanent) return false;
  return error.status === undefined || error.status === 408 || error.status === 429 || error.status >= 500;
}

export async function fetchArticle(ctx: Pick<AddContext, 'http' | 'extractor' | 'deadline'>, url: string): Promise<ExtractedArticle> {
  const response = (await ctx.http.get(url, {}, 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1', ctx.deadline))!;
  const type = response.contentType.split(';')[0]!.trim().toLowerCase();
  if (type && !HTML_TYPES.has(type)) throw new ExtractError(`${response.url}: not an HTML page (${type})`);
  return (ctx.extractor ?? sharedExtractor()).extract(response.body, response.contentType, response.url);
}

async function addPath(input: string, ctx: AddContext, report: AddReport): Promise<void> {
  let info;
  try {
    info = await stat(input);
  } catch {
    report.problems.push(`${input}: no such file, folder or http(s) address`);
    return;
  }
  if (info.isDirectory()) {
    const entries = await readdir(input, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.')) continue;
      const child = path.join(input, entry.name);
      if (entry.isDirectory() || isAddable(entry.name)) await addPath(child, ctx, report);
    }
    return;
  }
  const archive = isArchive(input);
  try {
    if (archive) await addArchive(input, archive, ctx, report);
    else if (HTML_FILE.test(input))
      record(report, ctx.writer.write(await (ctx.extractor ?? sharedExtractor()).extract(await readFile(input))));
    else if (TEXT_FILE.test(input)) record(report, ctx.writer.write(textFile(await readFile(input, 'utf8'))));
    else report.problems.push(`${input}: not a kind of file isnad adds (.html, .jsonl, .csv, .txt, .md)`);
  } catch (error) {
    report.problems.push(describe(error, input));
  }
}

async function addArchive(file: string, kind: 'jsonl' | 'csv', ctx: AddContext, report: AddReport): Promise<void> {
  let rows = 0;
  for await (const row of readArchive(file, kind, { map: ctx.map, note: ctx.log })) {
    if ('problem' in row) report.problems.push(`${file}, line ${row.line}: ${row.problem} — skipped`);
    else {
      try {
        record(report, ctx.writer.write(row.article));
      } catch (error) {
        report.problems.push(`${file}, line ${row.line}: ${(error as Error).message}`);
      }
    }
    if (++rows % 1000 === 0) ctx.log?.(`${file}: ${rows} rows read`);
  }
}

function textFile(text: string): NewArticle {
  const front = parseFrontMatter(text);
  return front ? { metadata: front.metadata, text: text.slice(front.bodyStart) } : { metadata: {}, text: text.replace(/^\uFEFF/, '') };
}

function record(report: AddReport, outcome: WriteOutcome): void {
  if (outcome.status === 'added') report.added.push(outcome.file);
  else report.duplicates++;
}

function describe(error: unknown, source: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith(source) ? message : `${source}: ${message}`;
}

function isAddable(name: string): boolean {
  return HTML_FILE.test(name) || TEXT_FILE.test(name) || isArchive(name) !== undefined;
}

export function isWebAddress(input: string): boolean {
  return /^https?:\/\//i.test(input);
}
