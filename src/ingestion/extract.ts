import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { ArticleMetadata } from '../corpus/index.ts';
import { absoluteUrl, cleanMetadata } from './metadata.ts';

export interface ExtractedArticle {
  metadata: ArticleMetadata;
  /** The article's text: its paragraphs, one blank line between them; no page chrome. */
  text: string;
}

export class ExtractError extends Error {
  override name = 'ExtractError';
}

type Doc = ReturnType<typeof parseHTML>['document'];
type JsonObject = Record<string, unknown>;

/** Elements whose text is one paragraph of the article. */
const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, td, dd, dt';
const NEWS_TYPES =
  /^(?:NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|Article|BlogPosting|Report)$/;

/**
 * Deeper nesting than this is refused before parsing: parsing and Readability take time that grows
 * much faster than the depth (1,000 nested elements 8 s, 2,000 a minute), and news pages nest a few
 * dozen deep.
 */
const MAX_NESTING = 300;
/** Elements that never have content. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements whose end tag may be left out (the next one closes them): not counted, so they never inflate the depth. */
const OPTIONAL_END = new Set([
  'p',
  'li',
  'dt',
  'dd',
  'tr',
  'td',
  'th',
  'thead',
  'tbody',
  'tfoot',
  'option',
  'optgroup',
  'rt',
  'rp',
  'colgroup',
]);
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(\/?)>/g;

/** How deep the page's elements nest, read from its tags in one pass (no document built). */
export function nestingDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const [, closing, rawName, selfClosing] of html.matchAll(TAG)) {
    const name = rawName!.toLowerCase();
    if (VOID.has(name) || OPTIONAL_END.has(name) || selfClosing) continue;
    if (closing) depth = Math.max(0, depth - 1);
    else deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

/**
 * The article in an HTML page (Mozilla Readability on linkedom) and what the page says about it:
 * JSON-LD NewsArticle first, then Open Graph / article:* meta tags, then <time>, then Readability's
 * own guesses. `pageUrl` resolves relative links and is the url when the page names no canonical one.
 */
export function extractArticle(html: string, pageUrl?: string): ExtractedArticle {
  const depth = nestingDepth(html);
  if (depth > MAX_NESTING)
    throw new ExtractError(
      `${pageUrl ? `${pageUrl}: ` : ''}elements nested ${depth} deep (a news page needs far fewer than ${MAX_NESTING}); skipped`,
    );
  const { document } = parseHTML(html);
  // Metadata first: Readability takes the document apart.
  const ld = newsArticleJsonLd(document);
  const meta = (key: string) =>
    document.querySelector(`meta[property="${key}"], meta[name="${key}"], meta[itemprop="${key}"]`)?.getAttribute('content')?.trim() ||
    undefined;
  const link = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined;
  const time =
    (
      document.querySelector('article time[datetime], time[itemprop="datePublished"], time[pubdate], time[datetime]') as Element | null
    )?.getAttribute('datetime') ?? undefined;

  const parsed = new Readability(document as unknown as Document, { charThreshold: 200 }).parse();
  const text = parsed?.content ? paragraphsOf(parsed.content, parsed.title ?? undefined) : '';
  if (!text) throw new ExtractError(`no article text found${pageUrl ? ` in ${pageUrl}` : ''}`);

  const metadata = cleanMetadata(
    {
      title: str(ld?.headline) ?? meta('og:title') ?? meta('twitter:title') ?? parsed?.title ?? undefined,
      outlet: publisherName(ld) ?? meta('og:site_name') ?? meta('application-name') ?? parsed?.siteName ?? undefined,
      published:
        str(ld?.datePublished) ??
        meta('article:published_time') ??
        meta('datePublished') ??
        meta('date') ??
        time ??
        parsed?.publishedTime ??
        undefined,
      // The first the page names that is an http(s) address (a javascript: or broken canonical link falls through), else the page's own.
      url: [link, meta('og:url'), str(ld?.url)].find((candidate) => absoluteUrl(candidate, pageUrl)) ?? pageUrl,
      author: authorName(ld) ?? meta('author') ?? meta('article:author') ?? parsed?.byline ?? undefined,
      section: str(ld?.articleSection) ?? meta('article:section') ?? undefined,
    },
    pageUrl,
  );
  return { metadata, text };
}

/** The text of Readability's article HTML, one paragraph per block element, blank lines between. */
function paragraphsOf(articleHtml: string, title: string | undefined): string {
  const { document } = parseHTML(`<!doctype html><html><body>${articleHtml}</body></html>`);
  const blocks = [...document.querySelectorAll(BLOCKS)].filter((el) => !el.querySelector(BLOCKS));
  const texts = blocks.length ? blocks.map((el) => el.textContent ?? '') : (document.body.textContent ?? '').split(/\n+/);
  const paragraphs: string[] = [];
  for (const raw of texts) {
    const paragraph = raw.replace(/\s+/g, ' ').trim();
    if (!paragraph || paragraph === title?.trim() || paragraph === paragraphs.at(-1)) continue;
    paragraphs.push(paragraph);
  }
  return paragraphs.join('\n\n');
}

function newsArticleJsonLd(document: Doc): JsonObject | undefined {
  const found: JsonObject[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const object = value as JsonObject;
      const types = ([] as unknown[]).concat(object['@type'] ?? []);
      if (types.some((t) => typeof t === 'string' && NEWS_TYPES.test(t))) found.push(object);
      if (object['@graph']) visit(object['@graph']);
    }
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse(script.textContent ?? ''));
    } catch {
      // A page's broken JSON-LD is its own problem; the meta tags are still there.
    }
  }
  return found.find((o) => String(o['@type']).includes('News')) ?? found[0];
}

const str = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) return str(value[0]);
  return undefined;
};

const nameOf = (value: unknown): string | undefined => {
  if (Array.isArray(value)) return nameOf(value[0]);
  if (value && typeof value === 'object') return str((value as JsonObject).name);
  return str(value);
};

const publisherName = (ld: JsonObject | undefined) => nameOf(ld?.publisher);
const authorName = (ld: JsonObject | undefined) => nameOf(ld?.author);
