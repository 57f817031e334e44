// Citations: the number an article gets, and the one way a source is written,
// `[n] title — outlet · date`, the title a link to the quoted words when the article has a URL.

import { passageGists, quoteLink, type Answer, type CitedArticle, type Gist, type Quote } from '../answering/index.ts';
import type { Passage } from '../retrieval/index.ts';
import type { InterfaceText } from './language.ts';
import { isolateLeftToRight, userText } from './text.ts';

/**
 * Article id → citation number, shared by everything shown for one question (the answer, its
 * "more quotes" continuations, /sources), so an article keeps its number across them.
 */
export class CitationNumbers {
  private readonly numbers: Map<string, number>;

  constructor(entries: Iterable<readonly [string, number]> = []) {
    this.numbers = new Map(entries);
  }

  /** The article's number; a new article gets the next one. */
  numberFor(articleId: string): number {
    let n = this.numbers.get(articleId);
    if (n === undefined) this.numbers.set(articleId, (n = this.numbers.size + 1));
    return n;
  }

  entries(): Array<[string, number]> {
    return [...this.numbers];
  }

  /** The answer with its sources and quotes renumbered to these numbers (new articles numbered next, in the answer's order). */
  renumber<T extends Pick<Answer, 'quotes' | 'sources'>>(answer: T): T {
    const ordered = [...answer.sources].sort((a, b) => a.number - b.number);
    const mapping = new Map(ordered.map((s) => [s.number, this.numberFor(s.articleId)]));
    const renumberQuote = (q: Quote): Quote => ({ ...q, citation: mapping.get(q.citation) ?? this.numberFor(q.articleId) });
    return {
      ...answer,
      sources: ordered.map((s) => ({ ...s, number: mapping.get(s.number)! })),
      quotes: answer.quotes.map(renumberQuote),
    };
  }
}

export type { CitedArticle };

const MAX_TITLE = 200;
const MAX_OUTLET = 100;
/** Longer links are left out (the title stays): a message has little room. */
const MAX_LINK = 600;

/**
 * The outlet's name as shown, marked as a name in the interface language (an outlet called «اليوم»
 * must not read as "today" beside a date), or null when the article names none.
 */
function outletName(outlet: string | null, texts: InterfaceText): string | null {
  return outlet === null || outlet.trim() === '' ? null : texts.outletName(userText(outlet, MAX_OUTLET));
}

/** The publication date in the interface language ("7 مارس 2017"), or null when unknown or unreadable. */
export function publishedDate(published: string | undefined, texts: InterfaceText): string | null {
  const day = published === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})/.exec(published.trim());
  if (!day) return null;
  const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(day[3])) return null;
  return new Intl.DateTimeFormat(texts.dateLocale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** `outlet · date`, each only when known: empty when the article names neither. */
export function outletAndDate(article: CitedArticle, texts: InterfaceText): string {
  return [outletName(article.outlet, texts), publishedDate(article.published, texts)].filter((part) => part !== null).join(' · ');
}

/** The title as shown: escaped and cut, the file name (isolated) only when there is no title. */
export function displayTitle(article: CitedArticle, max = MAX_TITLE): string {
  return userText(article.title, max) || isolateLeftToRight(userText(article.articleId, max));
}

/** Parentheses and white space would end a markdown link early: percent-encoded. */
function markdownLinkTarget(link: string): string {
  return link.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * The article's URL (http or https only), pointing at the quoted words (answering's quoteLink) when
 * a quote is given; the plain URL when that is too long for a message; null when there is no usable
 * URL or even the plain one is too long.
 */
export function articleLink(url: string | undefined, quote?: Pick<Quote, 'text'>): string | null {
  const plain = quoteLink(url?.trim(), '');
  if (plain === undefined) return null;
  const linked = quote ? markdownLinkTarget(quoteLink(url!.trim(), quote.text)!) : markdownLinkTarget(plain);
  if (linked.length <= MAX_LINK) return linked;
  const base = markdownLinkTarget(plain);
  return base.length <= MAX_LINK ? base : null;
}

/** The title, a markdown link when the article has a usable URL. */
export function linkedTitle(article: CitedArticle, quote?: Pick<Quote, 'text'>, maxTitle = MAX_TITLE): string {
  const title = displayTitle(article, maxTitle);
  const link = articleLink(article.url, quote);
  return link ? `[${title}](${link})` : title;
}

/** `title — outlet · date`: the citation without its number (suggestions, /articles); just the title when outlet and date are unknown. */
export function citationText(article: CitedArticle, texts: InterfaceText, quote?: Pick<Quote, 'text'>): string {
  const details = outletAndDate(article, texts);
  return details ? `${linkedTitle(article, quote)} — ${details}` : linkedTitle(article, quote);
}

/** One passage of /sources: its citation, its article and the sentences shown. */
export interface SourceEntry {
  number: number;
  article: CitedArticle;
  gist: Gist;
}

/**
 * The passages worth listing for a question (answering's passageGists), numbered as the answer
 * numbers its sources and listed by number, parts of one article together.
 */
export function sourceEntries(
  question: string,
  passages: readonly Passage[],
  citations: CitationNumbers,
  articles: ReadonlyMap<string, CitedArticle>,
  max: number,
): SourceEntry[] {
  return passageGists(question, passages, max)
    .map(({ passage, gist }) => ({
      number: citations.numberFor(passage.articleId),
      article: articles.get(passage.articleId) ?? { articleId: passage.articleId, title: passage.title, outlet: passage.outlet },
      gist,
    }))
    .sort((a, b) => a.number - b.number);
}
