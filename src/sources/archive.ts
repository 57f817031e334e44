import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import type { NewArticle } from './corpus-writer.ts';
import { cleanMetadata, isoDate, normalizeUrl } from './metadata.ts';

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

/** Every row of a JSON Lines or CSV archive, in order: an article, or why that row was skipped. */
export async function* readArchive(file: string, kind: 'jsonl' | 'csv', map: FieldMap = {}): AsyncGenerator<ArchiveRow> {
  if (kind === 'jsonl') {
    let line = 0;
    for await (const raw of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
      line++;
      const trimmed = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
      if (!trimmed) continue;
      let record: unknown;
      try {
        record = JSON.parse(trimmed);
      } catch (error) {
        yield { line, problem: `not valid JSON (${(error as Error).message})` };
        continue;
      }
      if (!record || typeof record !== 'object' || Array.isArray(record)) {
        yield { line, problem: 'not a JSON object' };
        continue;
      }
      yield toRow(line, record as Record<string, unknown>, map);
    }
    return;
  }
  const skipped: ArchiveRow[] = [];
  const parser = createReadStream(file).pipe(
    parseCsv({
      columns: true,
      bom: true,
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
    yield toRow(info.lines, record, map);
  }
  yield* skipped.splice(0);
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
  if (url !== undefined && normalizeUrl(url) === undefined) return { line, problem: `"${url}" is not an http(s) address` };
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
