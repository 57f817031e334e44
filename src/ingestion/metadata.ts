import { isIsoDate, type ArticleMetadata } from '../corpus/index.ts';
import { stripControls } from '../arabic/index.ts';

/** Query parameters that only track where a reader came from. */
const TRACKING = /^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ocid|cmpid)$/i;

/**
 * An address in one spelling, so the same article found twice compares equal: http(s) only, host
 * lower-cased, default port, fragment and tracking parameters dropped, remaining parameters sorted,
 * no trailing slash. Undefined for anything that is not an http(s) address.
 */
export function normalizeUrl(raw: string | undefined, base?: string): string | undefined {
  const absolute = absoluteUrl(raw, base);
  if (absolute === undefined) return undefined;
  const url = new URL(absolute);
  for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
  url.searchParams.sort();
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '');
  return url.href;
}

/**
 * An address as the page or row declares it, made absolute: http(s) only, fragment dropped, nothing
 * else changed (a trailing slash stays: a cited link must be the address the page names).
 * Undefined for anything that is not an http(s) address.
 */
export function absoluteUrl(raw: string | undefined, base?: string): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  return url.href;
}

/** The first year a news article may be dated; the last is next year (an embargo, a time zone ahead). */
const FIRST_YEAR = 1800;

/**
 * A date as ISO 8601 the front matter accepts: kept as written when it already is, else converted
 * from the forms feeds and archives use (RFC 2822, ISO with a space…). Undefined unless it names a
 * real day (no 30 February) with a four-digit year from 1800 to next year: a bare number ("1", 0)
 * is not a date, nor is year 99999.
 */
export function isoDate(raw: string | undefined, now = Date.now()): string | undefined {
  const value = raw?.trim();
  if (!value || !/\d{4}/.test(value) || /^[+-]?\d+(?:\.\d+)?$/.test(value)) return undefined;
  let iso: string;
  if (isIsoDate(value)) iso = value;
  else {
    if (/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined; // ISO-like but not a real day, e.g. 2017-02-30T10:00
    const time = Date.parse(value);
    if (Number.isNaN(time) || !isRealWrittenDay(value)) return undefined;
    iso = new Date(time).toISOString().replace(/\.000Z$/, 'Z');
  }
  const year = Number(iso.slice(0, 4));
  if (!/^\d{4}-/.test(iso) || year < FIRST_YEAR || year > new Date(now).getUTCFullYear() + 1) return undefined;
  return iso;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** False when the date names a day its month does not have ("30 Feb 2017", which Date.parse takes for 2 March). */
function isRealWrittenDay(value: string): boolean {
  const written = /\b(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})\b/.exec(value);
  const month = written ? MONTHS.indexOf(written[2]!.toLowerCase()) : -1;
  if (!written || month < 0) return true;
  const day = Number(written[1]);
  return new Date(Date.UTC(Number(written[3]), month, day)).getUTCDate() === day;
}

/**
 * Metadata as the front matter can hold it: no control characters or escape sequences, whitespace collapsed, at most 1,000 characters a field,
 * empty fields dropped, the date in ISO 8601 (a real day), the url absolute and http(s).
 */
export function cleanMetadata(raw: ArticleMetadata, base?: string): ArticleMetadata {
  const tidy = (v: string | undefined) =>
    v === undefined ? undefined : stripControls(v).replace(/\s+/g, ' ').trim().slice(0, 1000) || undefined;
  const candidate: ArticleMetadata = {
    title: tidy(raw.title),
    outlet: tidy(raw.outlet),
    published: isoDate(raw.published),
    url: absoluteUrl(raw.url, base),
    author: tidy(raw.author),
    section: tidy(raw.section),
  };
  return Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined)) as ArticleMetadata;
}
