import { createHash } from 'node:crypto';
import { clean } from './clean.ts';

export interface TextSpan { start: number; end: number }

export interface Article {
  /** Path relative to the corpus folder, posix separators, e.g. "000_5418153b5098ba54.txt". */
  id: string;
  /** The file's content as fs.readFileSync(file, 'utf8') decodes it (a leading BOM included); every offset refers to it. */
  text: string;
  title: string;
  outlet: string | null;
  /** ISO 8601 date or date-time of publication, when known (front matter or the page). */
  published?: string;
  /** The article's web address, when known. */
  url?: string;
  author?: string;
  section?: string;
  /** sha256 hex of the UTF-8 encoding of text. */
  hash: string;
  /** The non-boilerplate parts of text, in order, non-overlapping, each one trimmed line (or paragraph). */
  body: TextSpan[];
}

function baseName(id: string): string {
  const file = id.slice(id.lastIndexOf('/') + 1);
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

export function parseArticle(id: string, text: string): Article {
  // A leading BOM stays in text (readFileSync(file, 'utf8') keeps it, so every offset counts it) but is never cleaned or quoted.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const { units, title, outlet } = clean(text.slice(bom), baseName(id));
  return {
    id,
    text,
    title,
    outlet,
    hash: createHash('sha256').update(text, 'utf8').digest('hex'),
    body: units.filter((u) => u.kind === 'body').map(({ start, end }) => ({ start: start + bom, end: end + bom })),
  };
}
