// How a source is cited, shared by every output (terminal, JSON, Discord): pure functions of the
// source's fields, no I/O, so any front end can import them. quoteLink is the one builder of a
// link to quoted words.
import type { CitedArticle } from './types.ts';

/** The calendar day of an ISO 8601 date or date-time, as the article gives it: "2016-03-07". */
export function citationDate(published: string | undefined): string | undefined {
  return published?.slice(0, 10);
}

/** "title — outlet · 2016-03-07", leaving out what is not known. */
export function citationLabel(article: CitedArticle): string {
  const details = [article.outlet, citationDate(article.published)].filter((part): part is string => !!part);
  if (details.length === 0) return article.title;
  return `${article.title} — ${details.join(' · ')}`;
}

/** "[n] title — outlet · 2016-03-07". */
export function citationLine(source: CitedArticle & { number: number }): string {
  return `[${source.number}] ${citationLabel(source)}`;
}

/** Words at each end of a quote that the text fragment names; the browser finds the rest between them. */
const FRAGMENT_EDGE_WORDS = 4;

/**
 * Percent-encoding for a text directive: also the characters the directive itself uses (- , &) and
 * those that would end or break a link written in markdown or prose (! ' ( ) * ~).
 */
function encodeDirectiveText(text: string): string {
  return encodeURIComponent(text).replace(/[-,&!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function trimPunctuation(text: string): string {
  return text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/**
 * A link to the quote on the article's page: the URL with a text fragment (`#:~:text=start,end`)
 * naming the quote's first and last words, which browsers that support it scroll to and highlight
 * (others open the page). Undefined for a missing or non-http(s) URL; the plain URL when the quote
 * has no words.
 */
export function quoteLink(url: string | undefined, quote: string): string | undefined {
  if (!url || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) return undefined;
  const words = quote.split(/\s+/).filter(Boolean);
  const whole = trimPunctuation(words.join(' '));
  if (whole === '') return url;
  let directive = encodeDirectiveText(whole);
  if (words.length > 2 * FRAGMENT_EDGE_WORDS) {
    const start = trimPunctuation(words.slice(0, FRAGMENT_EDGE_WORDS).join(' '));
    const end = trimPunctuation(words.slice(-FRAGMENT_EDGE_WORDS).join(' '));
    if (start && end) directive = `${encodeDirectiveText(start)},${encodeDirectiveText(end)}`;
  }
  const base = url.replace(/:~:.*$/, '');
  return `${base}${base.includes('#') ? '' : '#'}:~:text=${directive}`;
}
