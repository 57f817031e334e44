import { createHash } from 'node:crypto';
import { clean } from './clean.ts';
import { FrontMatterError, parseFrontMatter, type ArticleMetadata } from './front-matter.ts';

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

/**
 * An article from its file's text. Front matter, when there is one, gives the metadata and is kept
 * out of the body (and so out of the index and of every quote); offsets stay offsets into the whole
 * text. A front matter that cannot be used is reported through `warn` and the article is read
 * without its metadata: the text itself is still worth answering from. A leading BOM stays in
 * text (readFileSync(file, 'utf8') keeps it, so every offset counts it) but is never cleaned or quoted.
 */
export function parseArticle(id: string, text: string, warn: (message: string) => void = () => {}): Article {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let metadata: ArticleMetadata = {};
  let bodyStart = bom;
  try {
    const front = parseFrontMatter(text);
    if (front) ({ metadata, bodyStart } = front);
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    warn(`${error.message}; read without its metadata`);
    bodyStart = error.bodyStart ?? bom;
  }
  const { units, title, outlet } = clean(text.slice(bodyStart), baseName(id));
  return {
    id,
    text,
    title: metadata.title ?? title,
    outlet: metadata.outlet ?? outlet,
    ...withoutUndefined({ published: metadata.published, url: metadata.url, author: metadata.author, section: metadata.section }),
    hash: createHash('sha256').update(text, 'utf8').digest('hex'),
    body: units.filter((u) => u.kind === 'body').map(({ start, end }) => ({ start: start + bodyStart, end: end + bodyStart })),
  };
}

function withoutUndefined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
