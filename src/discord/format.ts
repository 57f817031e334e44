// THE formatting module: every embed, message and autocomplete choice the bot sends is built here,
// and every Discord limit is enforced here, for any input.
//
// An answer reads at a glance: its first quote stands out (full size, the words that answer in
// bold), the further quotes follow as small text under "more context". Quotes are shown exactly as
// `quote.text` (markdown escaped, mentions neutralised, line breaks kept); a quote cut to fit is cut
// at a sentence boundary and the ellipsis goes outside the quote marks. Every Arabic line is
// wrapped to keep its direction on every surface (see text.ts).

import { type APIApplicationCommandOptionChoice, type APIEmbed, type APIEmbedField, type MessageMentionOptions } from 'discord.js';
import { splitSentences } from '../arabic/index.ts';
import { confidencePercent, type Answer, type Quote, type Source, type Summary } from '../answering/index.ts';
import type { ArticleInfo } from '../engine/index.ts';
import { citationText, linkedTitle, outletAndDate, type CitedArticle, type SourceEntry } from './citations.ts';
import { textsFor, type InterfaceText, type Language, type SearchKind } from './language.ts';
import {
  citationMarker,
  cleanText,
  ELLIPSIS,
  escapeText,
  fitRendered,
  isHighSurrogate,
  isLowSurrogate,
  rtlLine,
  rtlLines,
  truncate,
  unwrapLine,
  userText,
} from './text.ts';

export { citationMarker, escapeText, truncate, userText } from './text.ts';

export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  embedTotal: 6000,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  buttonLabel: 80,
} as const;

const COLOR_ANSWER = 0x2f7d6d;
/** Neutral: neither the answer's green nor an alarm. */
const COLOR_UNCERTAIN = 0x99aab5;
const COLOR_NOT_FOUND = 0x8a8f98;

/** Nobody is pinged by anything the bot sends, not even the author of a message it replies to. */
export const NO_PINGS: MessageMentionOptions = { parse: [], repliedUser: false };

/** The embeds (and optional content) of one message, ready for reply/editReply. */
export interface FormattedMessage {
  content?: string;
  embeds: APIEmbed[];
  allowedMentions: MessageMentionOptions;
}

export interface FormattedAnswer extends FormattedMessage {
  /** The quotes actually displayed (whole or cut), in order: what "more quotes" excludes next. */
  shown: Quote[];
}

export interface FormatOptions {
  language: Language;
  /** How many articles the engine searched, for the footer. */
  articlesSearched: number;
}

export interface AnswerFormatOptions extends FormatOptions {
  /** The embed title: the question by default; null for none (a reply already shows the question). */
  title?: string | null;
  /** A line above the quotes (e.g. that the articles are Arabic). */
  note?: string;
  /**
   * "More quotes" after an answer: further passages, shown as the closest passages are (neutral
   * colour, nothing in bold, said to maybe not answer) — the answer was the first message.
   */
  continuation?: boolean;
}

/** One line of user or interface text as an embed title, field name or footer. */
function heading(text: string, max: number): string {
  return fitRendered(userText(text, max), max, (line) => rtlLine(line));
}

function footerFor(texts: InterfaceText, articles: number, confidence?: string): { text: string } {
  return {
    text: rtlLine(confidence === undefined ? texts.searched(articles) : `${texts.searched(articles)} · ${texts.confidence(confidence)}`),
  };
}

/** Why a reply is not answered (a specific term of the question missing or contradicted), as a line; empty otherwise. */
function missingTermsLine(answer: Answer, texts: InterfaceText): string {
  if (answer.status === 'answered' || answer.missingTerms.length === 0) return '';
  return `${rtlLine(texts.missingTerms(answer.missingTerms.map((t) => `«${userText(t, 60)}»`).join('، ')))}\n\n`;
}

// ---------------------------------------------------------------------------------------------
// Quotes

interface ExcerptStyle {
  citation: number | null;
  /** [start, end) within the excerpt's text, on word boundaries: shown in bold. */
  highlight: { start: number; end: number } | null;
  /** Small text, under the first quote. */
  secondary: boolean;
  /** The text goes on before / after the excerpt (an ellipsis outside the marks). */
  cutBefore: boolean;
  cutAfter: boolean;
}

const PLAIN: ExcerptStyle = { citation: null, highlight: null, secondary: false, cutBefore: false, cutAfter: false };

/** A quote as a Discord block quote: «text» (ellipsis if cut) then its citation marker, if any. */
function renderExcerpt(text: string, style: ExcerptStyle, cut: boolean): string {
  const cutAfter = cut || style.cutAfter;
  const lines = quoteLines(text, style.highlight);
  if (lines.length === 0) lines.push('');
  const last = lines.length - 1;
  const prefix = style.secondary ? '> -# ' : '> ';
  return lines
    .map((line, i) => {
      let body = line;
      if (i === 0) body = `${style.cutBefore ? `${ELLIPSIS} ` : ''}«${body}`;
      if (i === last)
        body = `${body}»${cutAfter ? ` ${ELLIPSIS}` : ''}${style.citation === null ? '' : ` ${citationMarker(style.citation)}`}`;
      return prefix + rtlLine(body, true);
    })
    .join('\n');
}

/** The text's non-blank lines, trimmed and escaped, the highlighted part of each in bold. */
function quoteLines(text: string, highlight: ExcerptStyle['highlight']): string[] {
  const lines: string[] = [];
  const add = (from: number, to: number) => {
    const hl = highlight && { start: highlight.start - from, end: highlight.end - from };
    const line = renderLine(text.slice(from, to), hl);
    if (line !== '') lines.push(line);
  };
  const breaks = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = breaks.exec(text); m; m = breaks.exec(text)) {
    add(start, m.index);
    start = m.index + m[0].length;
  }
  add(start, text.length);
  return lines;
}

function renderLine(raw: string, highlight: ExcerptStyle['highlight']): string {
  const lead = raw.length - raw.trimStart().length;
  const body = raw.trim();
  if (!highlight) return escapeText(body);
  let s = Math.max(0, highlight.start - lead);
  let e = Math.min(body.length, highlight.end - lead);
  while (s < e && /\s/.test(body[s]!)) s++;
  while (e > s && /\s/.test(body[e - 1]!)) e--;
  const marked = s < e ? escapeText(body.slice(s, e)) : '';
  if (marked.trim() === '') return escapeText(body);
  return `${escapeText(body.slice(0, s))}**${marked}**${escapeText(body.slice(e))}`;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

function isWordUnit(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return isHighSurrogate(code) || isLowSurrogate(code) || WORD_CHAR.test(text[i]!);
}

/** The quote's highlight relative to its text, widened to whole words (never half a word or a surrogate pair). */
export function quoteHighlight(quote: Pick<Quote, 'start' | 'text' | 'highlight'>): ExcerptStyle['highlight'] {
  if (!quote.highlight) return null;
  const length = quote.text.length;
  let s = Math.min(length, Math.max(0, quote.highlight.start - quote.start));
  let e = Math.min(length, Math.max(0, quote.highlight.end - quote.start));
  if (e <= s) return null;
  while (s > 0 && isWordUnit(quote.text, s - 1)) s--;
  while (e < length && isWordUnit(quote.text, e)) e++;
  return { start: s, end: e };
}

/**
 * The excerpt within `budget` characters: whole if it fits, else cut after the last sentence that
 * fits, else (one very long sentence) after the last word that fits. Null when not even a few
 * words fit.
 */
export function fitExcerpt(text: string, citation: number | null, budget: number, style: Partial<ExcerptStyle> = {}): string | null {
  const full: ExcerptStyle = { ...PLAIN, ...style, citation };
  // Rendering only ever adds characters, so no cut longer than the budget can fit.
  const reach = Math.min(text.length, budget);
  if (reach === text.length) {
    const whole = renderExcerpt(text, full, false);
    if (whole.length <= budget) return whole;
  }
  const render = (end: number) => renderExcerpt(text.slice(0, end), full, true);
  const sentenceEnds = splitSentences(text, 0, reach, { maxChars: Infinity })
    .map((s) => s.end)
    .filter((end) => end < reach || reach === text.length);
  const bySentence = longestFitting(sentenceEnds, render, budget);
  if (bySentence) return bySentence;
  const wordEnds: number[] = [];
  for (const m of text.slice(0, reach).matchAll(/\S(?=\s)/g)) wordEnds.push(m.index + 1);
  const byWord = longestFitting(wordEnds, render, budget);
  if (byWord) return byWord;
  const MIN_USEFUL = 20;
  if (budget < MIN_USEFUL + 20) return null;
  // No break at all (a 20 KB run without spaces): cut by length, still outside the marks.
  const hardEnds = Array.from({ length: reach }, (_, i) => i + 1).filter((end) => !isHighSurrogate(text.charCodeAt(end - 1)));
  return longestFitting(hardEnds, render, budget);
}

/** Binary search over increasing cut points for the longest rendering within `budget`. */
function longestFitting(ends: number[], render: (end: number) => string, budget: number): string | null {
  let lo = 0;
  let hi = ends.length - 1;
  let best: string | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const rendered = render(ends[mid]!);
    if (rendered.length <= budget) {
      best = rendered;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

interface PackedQuotes {
  text: string;
  shown: Quote[];
}

/** answer: the first quote stands out, the others are small "more context"; flat: all alike (summaries). */
type QuoteLayout = 'answer' | 'flat';

function styleFor(quote: Quote, index: number, layout: QuoteLayout): ExcerptStyle {
  const first = index === 0 || layout === 'flat';
  return { ...PLAIN, citation: quote.citation, highlight: first ? quoteHighlight(quote) : null, secondary: !first };
}

/**
 * As many whole quotes as fit in `budget`, in order; only a first quote too long on its own is cut.
 * When quotes are left out, a line says how many.
 */
function packQuotes(quotes: readonly Quote[], budget: number, texts: InterfaceText, total: number, layout: QuoteLayout): PackedQuotes {
  const label = `-# ${rtlLine(texts.moreContext)}\n\n`;
  const rendered = quotes.map((q, i) => {
    if (q.text.length > budget) return null;
    const block = renderExcerpt(q.text, styleFor(q, i, layout), false);
    return i === 1 && layout === 'answer' ? label + block : block;
  });
  const note = (omitted: number) => `\n\n${rtlLine(texts.quotesOmitted(omitted))}`;
  if (quotes.length === total && rendered.every((r) => r !== null)) {
    const all = rendered.join('\n\n');
    if (all.length <= budget) return { text: all, shown: [...quotes] };
  }
  const room = budget - note(total).length;
  const parts: string[] = [];
  const shown: Quote[] = [];
  let used = 0;
  for (const [i, q] of quotes.entries()) {
    const separator = parts.length > 0 ? 2 : 0;
    const whole = rendered[i];
    if (whole && used + separator + whole.length <= room) {
      parts.push(whole);
      shown.push(q);
      used += separator + whole.length;
      continue;
    }
    if (parts.length === 0) {
      const style = styleFor(q, i, layout);
      const cut = fitExcerpt(q.text, q.citation, room, style);
      if (cut) {
        parts.push(cut);
        shown.push(q);
      }
    }
    break;
  }
  const omitted = total - shown.length;
  return { text: parts.join('\n\n') + (omitted > 0 ? note(omitted) : ''), shown };
}

// ---------------------------------------------------------------------------------------------
// Sources

/** `[n] title — outlet · date`, the title linking to the source's first quote when it has a URL. */
function sourceLine(source: Source, quotes: readonly Quote[], texts: InterfaceText): string {
  const quoted = quotes.find((q) => q.citation === source.number);
  return rtlLine(`${citationMarker(source.number)} ${citationText(source, texts, quoted)}`);
}

/** Source lines packed into at most `maxFields` fields of ≤ 1,024 characters; `listed` are those that fit. */
function sourceFields(
  sources: readonly Source[],
  quotes: readonly Quote[],
  texts: InterfaceText,
  maxFields: number,
): { fields: APIEmbedField[]; listed: Source[] } {
  const fields: APIEmbedField[] = [];
  const listed: Source[] = [];
  let current: string[] = [];
  let currentLength = 0;
  const close = () => {
    if (current.length > 0)
      fields.push({ name: rtlLine(fields.length === 0 ? texts.sources : texts.sourcesContinued), value: current.join('\n') });
    current = [];
    currentLength = 0;
  };
  for (const source of sources) {
    const line = truncateLine(sourceLine(source, quotes, texts), DISCORD_LIMITS.fieldValue);
    if (currentLength + (current.length > 0 ? 1 : 0) + line.length > DISCORD_LIMITS.fieldValue) {
      close();
      if (fields.length === maxFields) break;
    }
    currentLength += (current.length > 0 ? 1 : 0) + line.length;
    current.push(line);
    listed.push(source);
  }
  close();
  return { fields, listed };
}

/** A line longer than `max` (a huge title and link) loses its link rather than its end. */
function truncateLine(line: string, max: number): string {
  if (line.length <= max) return line;
  return fitRendered(unwrapLine(line).replace(/\]\([^)]*\)/g, ']'), max, (l) => rtlLine(l));
}

function citedSources(sources: readonly Source[], quotes: readonly Quote[]): Source[] {
  const cited = new Set(quotes.map((q) => q.citation));
  return sources.filter((s) => cited.has(s.number));
}

// ---------------------------------------------------------------------------------------------
// Messages

function fieldsLength(fields: readonly APIEmbedField[]): number {
  return fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
}

const MAX_SOURCE_FIELDS = 2;

/**
 * The first quote, standing out, then further quotes as small "more context", then their sources;
 * an uncertain answer says first that it may not answer; not_found says so plainly and offers
 * reading suggestions.
 */
export function formatAnswer(answer: Answer, options: AnswerFormatOptions): FormattedAnswer {
  const texts = textsFor(options.language);
  const titleText = options.title === undefined ? answer.question : options.title;
  const title = titleText === null ? undefined : heading(titleText, DISCORD_LIMITS.embedTitle);
  const quotedReply = answer.status !== 'not_found' && answer.quotes.length > 0;
  // The one confidence, as the CLI shows it, on every reply that quotes.
  const footer = footerFor(texts, options.articlesSearched, quotedReply ? confidencePercent(answer) : undefined);
  const note = options.note ? `${rtlLine(options.note)}\n\n` : '';
  const withTitle = (embed: APIEmbed): APIEmbed => (title === undefined ? embed : { title, ...embed });
  const why = missingTermsLine(answer, texts);
  if (!quotedReply) {
    // With no article at all, "the articles do not answer this" would suggest there were some.
    const description =
      note +
      (options.articlesSearched === 0 ? rtlLine(texts.noArticles) : notFoundDescription(answer.suggestions, texts, note.length, why));
    return { embeds: [withTitle({ description, footer, color: COLOR_NOT_FOUND })], allowedMentions: NO_PINGS, shown: [] };
  }
  const closest = options.continuation ? texts.furtherPassages : answer.status === 'uncertain' ? texts.uncertain : null;
  const prefix = note + (closest === null ? '' : `${rtlLine(closest)}\n${why || '\n'}`);
  const quotes = options.continuation ? answer.quotes.map((q) => ({ ...q, highlight: null })) : answer.quotes;
  const quoted = quotesWithSources(quotes, answer.sources, (title?.length ?? 0) + footer.text.length + prefix.length, texts, 'answer');
  const color = closest === null ? COLOR_ANSWER : COLOR_UNCERTAIN;
  return {
    embeds: [withTitle({ description: prefix + quoted.description, fields: quoted.fields, footer, color })],
    allowedMentions: NO_PINGS,
    shown: quoted.shown,
  };
}

/**
 * The quotes that fit beside the sources they cite, within the description and the 6,000 total.
 * A quote whose source line would not fit is left out, so every quote shown has its source listed.
 */
function quotesWithSources(
  quotes: readonly Quote[],
  sources: readonly Source[],
  otherLength: number,
  texts: InterfaceText,
  layout: QuoteLayout,
): { description: string; fields: APIEmbedField[]; shown: Quote[] } {
  const candidates = sourceFields(citedSources(sources, quotes), quotes, texts, MAX_SOURCE_FIELDS);
  const listed = new Set(candidates.listed.map((s) => s.number));
  const citable = quotes.filter((q) => listed.has(q.citation));
  const budget = Math.min(
    DISCORD_LIMITS.embedDescription - otherLength,
    DISCORD_LIMITS.embedTotal - otherLength - fieldsLength(candidates.fields),
  );
  const packed = packQuotes(citable, budget, texts, quotes.length, layout);
  // Fewer quotes shown can only mean fewer sources: the total stays within budget.
  const { fields } = sourceFields(citedSources(sources, packed.shown), packed.shown, texts, MAX_SOURCE_FIELDS);
  return { description: packed.text, fields, shown: packed.shown };
}

function notFoundDescription(suggestions: readonly Source[], texts: InterfaceText, used: number, why = ''): string {
  const budget = DISCORD_LIMITS.embedDescription - used;
  const closing = `\n\n${rtlLine(texts.seeAllArticles)}`;
  let description = rtlLine(texts.notFound) + (why ? `\n${why.trimEnd()}` : '');
  if (suggestions.length > 0) description += `\n\n${rtlLine(texts.closestArticles)}`;
  for (const s of suggestions) {
    const line = `\n• ${truncateLine(rtlLine(citationText(s, texts)), 600)}`;
    if (description.length + line.length + closing.length > budget) break;
    description += line;
  }
  return description + closing;
}

/** A question in a Latin-script language, which the articles (Arabic) cannot be matched with. */
export function formatLatinQuestion(question: string, options: FormatOptions & { title?: string | null }): FormattedMessage {
  const texts = textsFor(options.language);
  const titleText = options.title === undefined ? question : options.title;
  const embed: APIEmbed = { description: rtlLines(texts.latinQuestion), color: COLOR_UNCERTAIN };
  if (titleText !== null) embed.title = heading(titleText, DISCORD_LIMITS.embedTitle);
  return { embeds: [embed], allowedMentions: NO_PINGS };
}

/** Characters of one passage's sentences, at most: five passages fit on one screen. */
const GIST_BUDGET = 420;

/** The passages behind a question: per passage its citation line and the sentences around the question's words. */
export function formatPassages(question: string, entries: readonly SourceEntry[], options: FormatOptions): FormattedMessage {
  const texts = textsFor(options.language);
  const title = heading(question, DISCORD_LIMITS.embedTitle);
  const footer = footerFor(texts, options.articlesSearched);
  if (entries.length === 0) {
    const empty = rtlLine(options.articlesSearched === 0 ? texts.noArticles : texts.noPassages);
    return { embeds: [{ title, description: empty, footer, color: COLOR_NOT_FOUND }], allowedMentions: NO_PINGS };
  }
  const budget = Math.min(DISCORD_LIMITS.embedDescription, DISCORD_LIMITS.embedTotal - title.length - footer.text.length);
  let description = rtlLine(texts.passagesIntro);
  for (const { number, article, gist } of entries) {
    const shown = fitExcerpt(gist.text, null, GIST_BUDGET, { cutBefore: gist.cutBefore, cutAfter: gist.cutAfter });
    if (!shown) continue;
    const entry = `\n\n${truncateLine(rtlLine(`${citationMarker(number)} ${citationText(article, texts, gist)}`), 700)}\n${shown}`;
    if (description.length + entry.length > budget) break;
    description += entry;
  }
  return { embeds: [{ title, description, footer, color: COLOR_ANSWER }], allowedMentions: NO_PINGS };
}

export function formatSummary(summary: Summary, options: FormatOptions): FormattedAnswer {
  const texts = textsFor(options.language);
  const title =
    summary.kind === 'article'
      ? heading(summary.heading, DISCORD_LIMITS.embedTitle)
      : heading(texts.summaryOfTopic(summary.heading), DISCORD_LIMITS.embedTitle);
  const footer = footerFor(texts, options.articlesSearched);
  if (summary.quotes.length === 0) {
    const empty = rtlLine(options.articlesSearched === 0 ? texts.noArticles : texts.summaryEmpty);
    return { embeds: [{ title, description: empty, footer, color: COLOR_NOT_FOUND }], allowedMentions: NO_PINGS, shown: [] };
  }
  const quoted = quotesWithSources(summary.quotes, summary.sources, title.length + footer.text.length, texts, 'flat');
  return {
    embeds: [{ title, description: quoted.description, fields: quoted.fields, footer, color: COLOR_ANSWER }],
    allowedMentions: NO_PINGS,
    shown: quoted.shown,
  };
}

export interface ArticlePage extends FormattedMessage {
  /** 0-based page shown (clamped into range). */
  page: number;
  pages: number;
}

export const ARTICLES_PER_PAGE = 10;
const ROW_TITLE = 150;

const ROW_SEPARATOR = '\n\n';

/**
 * The rows split into pages: ten a page, fewer where long links (a percent-encoded Arabic
 * address runs to hundreds of characters) need the room, so every row keeps its link.
 */
function paginate(rows: readonly string[]): string[][] {
  const pages: string[][] = [];
  let page: string[] = [];
  let length = 0;
  for (const row of rows) {
    const added = (page.length > 0 ? ROW_SEPARATOR.length : 0) + row.length;
    if (page.length === ARTICLES_PER_PAGE || (page.length > 0 && length + added > DISCORD_LIMITS.embedDescription)) {
      pages.push(page);
      page = [];
      length = 0;
    }
    length += (page.length > 0 ? ROW_SEPARATOR.length : 0) + row.length;
    page.push(row);
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** One page of the article list, in the order given (the engine lists newest first): rows `title` / `outlet · date`, ten a page (fewer when links are long). */
export function formatArticlePage(articles: readonly ArticleInfo[], page: number, language: Language): ArticlePage {
  const texts = textsFor(language);
  const title = heading(texts.articlesTitle(articles.length), DISCORD_LIMITS.embedTitle);
  const allPages = paginate(articles.map((a) => articleRow(a, texts)));
  const pages = Math.max(1, allPages.length);
  const shown = Math.min(Math.max(0, Math.trunc(page)), pages - 1);
  const rows = allPages[shown] ?? [];
  const description = rows.length > 0 ? rows.join(ROW_SEPARATOR) : rtlLine(texts.noArticles);
  const embed: APIEmbed = { title, description, color: COLOR_ANSWER, footer: { text: rtlLine(texts.page(shown + 1, pages)) } };
  return { embeds: [embed], allowedMentions: NO_PINGS, page: shown, pages };
}

/** The title in bold (a link to the article when it has a URL), then, small, its outlet and date when known. */
function articleRow(article: ArticleInfo, texts: InterfaceText): string {
  const cited: CitedArticle = { ...article, articleId: article.id };
  const known = outletAndDate(cited, texts);
  const titleLine = rtlLine(`**${linkedTitle(cited, undefined, ROW_TITLE)}**`);
  return known ? `${titleLine}\n-# ${rtlLine(known)}` : titleLine;
}

export function formatHelp(language: Language, articles: number, search: SearchKind): FormattedMessage {
  const texts = textsFor(language);
  const description = texts
    .help(articles, search)
    .map((p) => rtlLine(p))
    .join('\n\n');
  return { embeds: [{ title: rtlLine(texts.helpTitle), description, color: COLOR_ANSWER }], allowedMentions: NO_PINGS };
}

/** A short message (errors, notices) as content, cut to Discord's 2,000, each Arabic line wrapped. */
export function formatNotice(text: string): FormattedMessage {
  return { content: fitRendered(text, DISCORD_LIMITS.content, rtlLines), embeds: [], allowedMentions: NO_PINGS };
}

/** Autocomplete choices for article titles: ≤ 25, names and values ≤ 100 (plain text: no markdown there). */
export function articleChoices(articles: readonly ArticleInfo[]): APIApplicationCommandOptionChoice<string>[] {
  return articles.slice(0, DISCORD_LIMITS.choices).map((a) => {
    const title = cleanText(a.title).replace(/\s+/g, ' ').trim();
    const name = truncate(title || a.id, DISCORD_LIMITS.choiceName) || ELLIPSIS;
    return { name, value: a.id.slice(0, DISCORD_LIMITS.choiceValue) };
  });
}

/** A button label within Discord's 80 characters. */
export function buttonLabel(text: string): string {
  return truncate(text, DISCORD_LIMITS.buttonLabel);
}
