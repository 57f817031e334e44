import { createRequire } from 'node:module';
import * as z from '../zod.ts';

/**
 * yaml, loaded at the first front matter read or written rather than with this module: every
 * command imports the corpus stage, and yaml's ~70 modules were a sixth of the start-up of
 * `isnad articles`, which reads no article file when the index is up to date.
 */
let yamlModule: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yamlModule;
}

/** What an article file may say about itself in its front matter. Every field is optional. */
export interface ArticleMetadata {
  title?: string;
  outlet?: string;
  /** ISO 8601 date (2016-03-07) or date-time (2016-03-07T10:15:00Z, 2016-03-07T10:15+03:00). */
  published?: string;
  /** http(s) address of the article. */
  url?: string;
  author?: string;
  section?: string;
}

export interface FrontMatter {
  metadata: ArticleMetadata;
  /** Offset in the file's text where the article itself starts, just after the closing `---` line. */
  bodyStart: number;
}

export class FrontMatterError extends Error {
  /** Where the article starts when the block is closed but unusable, so it is still kept out of the text. */
  constructor(message: string, readonly bodyStart?: number) {
    super(message);
  }
}

/** Keys in the order they are written. */
const KEYS = ['title', 'outlet', 'published', 'url', 'author', 'section'] as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** True for a date the front matter accepts as `published`: 2016-03-07, 2016-03-07T10:15:00Z, 2016-03-07T10:15+03:00. */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) return false;
  // A real day: Date.parse takes 2017-02-30 for 2 March.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

const scalarText = z.optional(
  z.pipe(
    z.pipe(
      z.union([z.string(), z.number()]),
      z.transform((v) => String(v).replace(/\s+/g, ' ').trim()),
    ),
    z.string().check(z.minLength(1), z.maxLength(1000)),
  ),
);

const metadataSchema = z.looseObject({
  title: scalarText,
  outlet: scalarText,
  published: z.optional(z.string().check(z.trim(), z.refine(isIsoDate, 'must be an ISO 8601 date such as 2016-03-07 or 2016-03-07T10:15:00Z'))),
  url: z.optional(
    z.string().check(
      z.trim(),
      z.refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be an http(s) address'),
    ),
  ),
  author: scalarText,
  section: scalarText,
});

/** A line holding only `---` (trailing spaces allowed), ending at a line break or the end of text. */
const FENCE = /^---[ \t]*(?:\r?\n|$)/;
const CLOSING_FENCE = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;

/**
 * The YAML front matter at the very top of an article file (after an optional BOM), or null when
 * the file has none. Throws FrontMatterError, with a message naming the problem, when the block is
 * there but unterminated, not YAML, or has a field of the wrong form. Unknown keys are ignored.
 */
export function parseFrontMatter(text: string): FrontMatter | null {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const opening = FENCE.exec(text.slice(start));
  if (!opening) return null;
  const yamlStart = start + opening[0].length;
  const closing = CLOSING_FENCE.exec(text.slice(yamlStart));
  if (!closing) throw new FrontMatterError('front matter opened with --- is never closed by a --- line');
  const yamlText = text.slice(yamlStart, yamlStart + closing.index);
  const bodyStart = yamlStart + closing.index + closing[0].length;
  let data: unknown;
  try {
    data = yaml().parse(yamlText) ?? {};
  } catch (error) {
    throw new FrontMatterError(`front matter is not valid YAML: ${(error as Error).message.split('\n')[0]!.replace(/:\s*$/, '')}`, bodyStart);
  }
  if (typeof data !== 'object' || Array.isArray(data)) throw new FrontMatterError('front matter must be a list of "key: value" lines', bodyStart);
  const checked = metadataSchema.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new FrontMatterError(`front matter field "${issue.path.join('.')}" ${issue.message}`, bodyStart);
  }
  const metadata: ArticleMetadata = {};
  for (const key of KEYS) {
    const value = checked.data[key];
    if (value !== undefined) metadata[key] = value;
  }
  return { metadata, bodyStart };
}

/** The front matter block for metadata, `---` lines included, ending with a line break. */
export function formatFrontMatter(metadata: ArticleMetadata): string {
  const ordered: Record<string, string> = {};
  for (const key of KEYS) {
    const value = metadata[key];
    if (value !== undefined && value.trim() !== '') ordered[key] = value.replace(/\s+/g, ' ').trim();
  }
  if (Object.keys(ordered).length === 0) return '';
  return `---\n${yaml().stringify(ordered, { lineWidth: 0 })}---\n`;
}
