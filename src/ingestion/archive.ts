import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { MAX_ARTICLE_CHARS, type NewArticle } from './corpus-writer.ts';
import { sniffEncoding } from './decode.ts';
import { absoluteUrl, cleanMetadata, isoDate } from './metadata.ts';

export const ARCHIVE_FIELDS = ['title', 'text', 'outlet', 'published', 'url', 'author', 'section'] as const;
export type ArchiveField = (typeof ARCHIVE_FIELDS)[number];
/** Which column (CSV) or key (JSON Lines) holds each field. */
export type FieldMap = Partial<Record<ArchiveField, string>>;

/** Column names tried when the map names none: the field's own name, then these. */
const ALIASES: Partial<Record<ArchiveField, string[]>> = {
  text: ['body', 'content'],
  published: ['date'],
};

export type ArchiveRow = { line: number; article: NewArticle } | { line: number; problem: string };

export class FieldMapError extends Error {
  override name = 'FieldMapError';
}

/** `title=headline,published=date` → {title: 'headline', published: 'date'}. */
export function parseFieldMap(spec: string): FieldMap {
  const map: FieldMap = {};
  for (const pair of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [field, column, ...rest] = pair.split('=').map((s) => s.trim());
    if (!field || !column || rest.length) throw new FieldMapError(`--map takes field=column pairs separated by commas, not "${pair}"`);
    if (!(ARCHIVE_FIELDS as readonly string[]).includes(field)) {
      throw new FieldMapError(`--map: unknown field "${field}" (fields: ${ARCHIVE_FIELDS.join(', ')})`);
    }
    map[field as ArchiveField] = column;
  }
  return map;
}

export function isArchive(file: string): 'jsonl' | 'csv' | undefined {
  if (/\.(?:jsonl|ndjson)$/i.test(file)) return 'jsonl';
  if (/\.csv$/i.test(file)) return 'csv';
  return undefined;
}

/** Bytes read to tell the archive's encoding. */
const SNIFF_BYTES = 64 * 1024;
/** A row longer than this (in characters, fields and markup included) is skipped unread: an article is capped below it. */
export const MAX_ROW_CHARS = 2 * MAX_ARTICLE_CHARS;

export interface ArchiveOptions {
  map?: FieldMap;
  /** Said once when the file is not plain UTF-8 (read as windows-1256, or with undecodable bytes). */
  note?: (line: string) => void;
}

/**
 * Every row of a JSON Lines or CSV archive, in order: an article, or why that row was skipped. The
 * encoding is told from the bytes (a UTF-8 or UTF-16 byte-order mark; UTF-8; windows-1256 when it
 * reads as Arabic); a row with bytes that do not decode, or longer than MAX_ROW_CHARS, is skipped
 * and the rows after it still read.
 */
export async function* readArchive(file: string, kind: 'jsonl' | 'csv', options: ArchiveOptions = {}): AsyncGenerator<ArchiveRow> {
  const { encoding, note } = sniffEncoding(await readStart(file));
  if (note) options.note?.(`${file}: ${note}`);
  const undecodable = note !== undefined && encoding === 'utf-8';
  const map = options.map ?? {};
  const rows = splitRecords(decodedChunks(file, encoding), kind === 'csv');
  if (kind === 'jsonl') {
    for await (const record of rows) {
      if (record.tooLong) {
        yield { line: record.line, problem: tooLong(record.size) };
        continue;
      }
      const trimmed = record.text.trim();
      if (!trimmed) continue;
      if (undecodable && trimmed.includes('\uFFFD')) {
        yield { line: record.line, problem: 'bytes that are not valid UTF-8 (not stored garbled)' };
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch (error) {
        yield { line: record.line, problem: `not valid JSON (${(error as Error).message})` };
        continue;
      }
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        yield { line: record.line, problem: 'not a JSON object' };
        continue;
      }
      yield toRow(record.line, value as Record<string, unknown>, map);
    }
    return;
  }
  const skipped: ArchiveRow[] = [];
  // A row too long is replaced by as many empty lines as it had (skipped by the parser, counted in its line numbers).
  async function* csvText(): AsyncGenerator<string> {
    for await (const record of rows) {
      if (record.tooLong) {
        skipped.push({ line: record.line, problem: tooLong(record.size) });
        yield '\n'.repeat(record.lines);
      } else yield `${record.text}\n`;
    }
  }
  const parser = Readable.from(csvText()).pipe(
    parseCsv({
      columns: true,
      info: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error) skipped.push({ line: Number(error.lines), problem: error.message.replace(/^Invalid Record Length: /, '') });
      },
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
    yield* skipped.splice(0);
    if (undecodable && Object.values(record).some((v) => typeof v === 'string' && v.includes('\uFFFD'))) {
      yield { line: info.lines, problem: 'bytes that are not valid UTF-8 (not stored garbled)' };
    } else yield toRow(info.lines, record, map);
  }
  yield* skipped.splice(0);
}

function tooLong(size: number): string {
  return `row of ${size.toLocaleString('en')}+ characters, longer than the ${MAX_ROW_CHARS.toLocaleString('en')} an archive row may have`;
}

async function readStart(file: string): Promise<Uint8Array> {
  const handle = await open(file);
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function* decodedChunks(file: string, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding); // drops a byte-order mark
  for await (const chunk of createReadStream(file)) yield decoder.decode(chunk as Buffer, { stream: true });
  yield decoder.decode();
}

type RawRecord =
  { line: number; lines: number; tooLong: false; text: string } | { line: number; lines: number; tooLong: true; size: number };

/**
 * The records of a text: lines, or for CSV (`quoted`) lines outside double quotes, with the line
 * each starts on. One longer than MAX_ROW_CHARS is not kept in memory: only its size is counted.
 */
async function* splitRecords(chunks: AsyncIterable<string>, quoted: boolean): AsyncGenerator<RawRecord> {
  let text = '';
  let size = 0;
  let dropping = false;
  let inQuotes = false;
  let line = 1;
  let lines = 1;
  const finish = (): RawRecord => {
    const record: RawRecord =
      dropping || size > MAX_ROW_CHARS
        ? { line, lines, tooLong: true, size }
        : { line, lines, tooLong: false, text: text.replace(/\r$/, '') };
    line += lines;
    lines = 1;
    text = '';
    size = 0;
    dropping = false;
    return record;
  };
  for await (const chunk of chunks) {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 0x22 && quoted) inQuotes = !inQuotes;
      else if (c === 0x0a) {
        if (inQuotes) lines++;
        else {
          if (!dropping) text += chunk.slice(from, i);
          size += i - from;
          from = i + 1;
          yield finish();
        }
      }
    }
    if (!dropping) text += chunk.slice(from);
    size += chunk.length - from;
    if (!dropping && size > MAX_ROW_CHARS) {
      dropping = true;
      text = '';
    }
  }
  if (size > 0) yield finish();
}

function toRow(line: number, record: Record<string, unknown>, map: FieldMap): ArchiveRow {
  const value = (field: ArchiveField): string | undefined => {
    for (const key of map[field] ? [map[field]] : [field, ...(ALIASES[field] ?? [])]) {
      const v = record[key];
      if (typeof v === 'string' && v.trim()) return v;
      if (typeof v === 'number') return String(v);
    }
    return undefined;
  };
  const text = value('text');
  if (!text)
    return {
      line,
      problem: `no text (looked for "${map.text ?? ['text', ...ALIASES.text!].join('", "')}"; name the column with --map text=COLUMN)`,
    };
  const published = value('published');
  if (published !== undefined && isoDate(published) === undefined) return { line, problem: `"${published}" is not a date` };
  const url = value('url');
  if (url !== undefined && absoluteUrl(url) === undefined) return { line, problem: `"${url}" is not an http(s) address` };
  const metadata = cleanMetadata({
    title: value('title'),
    outlet: value('outlet'),
    published,
    url,
    author: value('author'),
    section: value('section'),
  });
  return { line, article: { metadata, text: text.replace(/\r\n?/g, '\n') } };
}
