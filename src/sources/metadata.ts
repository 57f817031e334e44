import { isIsoDate, type ArticleMetadata } from '../corpus/index.ts';
import { stripControls } from '../unicode-controls.ts';

/** Query parameters that only track where a reader came from. */
const TRACKING = /^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ocid|cmpid)$/i;

/**
 * An address in one spelling, so the same article found twice compares equal: http(s) only, host
 * lower-cased, default port, fragment and tracking parameters dropped, remaining parameters sorted,
 * no trailing slash. Undefined for anything that is not an http(s) address.
 */
export function normalizeUrl(raw: string | undefined, base?: string): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
  url.searchParams.sort();
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '');
  return url.href;
}

/** A date as ISO 8601 the front matter accepts: kept as written when it already is, else converted. */
export function isoDate(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (isIsoDate(value)) return value;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return undefined;
  return new Date(time).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * Metadata as the front matter can hold it: no control characters or escape sequences, whitespace collapsed, at most 1,000 characters a field,
 * empty fields dropped, the date in ISO 8601, the url absolute, http(s) and normalised.
 */
export function cleanMetadata(raw: ArticleMetadata, base?: string): ArticleMetadata {
  const tidy = (v: string | undefined) =>
    v === undefined ? undefined : stripControls(v).replace(/\s+/g, ' ').trim().slice(0, 1000) || undefined;
  const candidate: ArticleMetadata = {
    title: tidy(raw.title),
    outlet: tidy(raw.outlet),
    published: isoDate(raw.published),
    url: normalizeUrl(raw.url, base),
    author: tidy(raw.author),
    section: tidy(raw.section),
  };
  return Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined)) as ArticleMetadata;
}
