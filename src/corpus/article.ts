import { createHash } from 'node:crypto';
import { clean } from './clean.ts';

export interface TextSpan { start: number; end: number }

export interface Article {
  /** Path relative to the corpus folder, posix separators, e.g. "000_5418153b5098ba54.txt". */
  id: string;
  /** The original file content (leading BOM removed); every offset anywhere refers to this string. */
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
  const content = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const { units, title, outlet } = clean(content, baseName(id));
  return {
    id,
    text: content,
    title,
    outlet,
    hash: createHash('sha256').update(content, 'utf8').digest('hex'),
    body: units.filter((u) => u.kind === 'body').map(({ start, end }) => ({ start, end })),
  };
}
