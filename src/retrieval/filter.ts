import * as z from '../zod.ts';
import { normalizeArabic } from '../arabic/index.ts';
import type { IndexedArticle } from '../store/index.ts';

/** Which articles a question may draw on. Every field is optional; an empty filter keeps every article. */
export interface ArticleFilter {
  /** First day, YYYY-MM-DD, inclusive: only articles with a known date on or after it. */
  since?: string;
  /** Last day, YYYY-MM-DD, inclusive: only articles with a known date on or before it. */
  until?: string;
  /** Part of the outlet's name, compared without diacritics, hamza forms or letter case. */
  outlet?: string;
}

export function isEmptyFilter(filter: ArticleFilter | undefined): boolean {
  return !filter || (filter.since === undefined && filter.until === undefined && !filter.outlet);
}

function outletKey(name: string): string {
  return normalizeArabic(name).toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Whether an article passes the filter. Dates compare by the calendar day the article gives (the
 * first ten characters of its ISO date), so an article of 2016-03-07T23:30+03:00 is of the 7th as
 * its outlet printed it. An article without a date fails any date bound: it cannot be placed in time.
 */
export function articleMatches(article: Pick<IndexedArticle, 'published' | 'outlet'>, filter: ArticleFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.since !== undefined || filter.until !== undefined) {
    const day = article.published?.slice(0, 10);
    if (day === undefined) return false;
    if (filter.since !== undefined && day < filter.since) return false;
    if (filter.until !== undefined && day > filter.until) return false;
  }
  if (filter.outlet) {
    if (article.outlet === null || !outletKey(article.outlet).includes(outletKey(filter.outlet))) return false;
  }
  return true;
}

export class FilterError extends Error {
  override name = 'FilterError';
}

/** 2016-02-31 is not a day (Date would roll it over to March). */
function isCalendarDay(v: string): boolean {
  const time = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(v);
}

const day = (name: string) =>
  z.string().check(
    z.trim(),
    z.refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isCalendarDay(v), {
      message: `${name} must be a day written YYYY-MM-DD, such as 2016-03-07`,
    }),
  );

const filterSchema = z
  .object({
    since: z.optional(day('since')),
    until: z.optional(day('until')),
    outlet: z.optional(
      z
        .string()
        .check(z.trim(), z.minLength(1, 'outlet must name an outlet'), z.maxLength(200, 'outlet is too long (200 characters at most)')),
    ),
  })
  .check(
    z.refine((f) => f.since === undefined || f.until === undefined || f.since <= f.until, { message: 'since must not be after until' }),
  );

/** A filter from what a user typed (command line or Discord options); FilterError says what is wrong. */
export function parseArticleFilter(raw: { since?: string | null; until?: string | null; outlet?: string | null }): ArticleFilter {
  const parsed = filterSchema.safeParse({ since: raw.since ?? undefined, until: raw.until ?? undefined, outlet: raw.outlet ?? undefined });
  if (!parsed.success) throw new FilterError(parsed.error.issues[0]!.message);
  const filter: ArticleFilter = {};
  if (parsed.data.since !== undefined) filter.since = parsed.data.since;
  if (parsed.data.until !== undefined) filter.until = parsed.data.until;
  if (parsed.data.outlet !== undefined) filter.outlet = parsed.data.outlet;
  return filter;
}
