// THE formatting module: every embed, message and autocomplete choice the bot sends is built here,
// and every Discord limit is enforced here, for any input.
//
// Right-to-left care: Discord picks a line's direction from its first strong character, so lines
// begin with Arabic text (or an invisible RIGHT-TO-LEFT MARK when they would not), and citation
// markers sit at the end of the line inside RLI…PDI isolates so their digits and brackets cannot
// flip it. Quotes are shown exactly as `quote.text` (markdown escaped, mentions neutralised, line
// breaks kept); a quote cut to fit is cut at a sentence boundary and the ellipsis goes outside
// the quote marks.

import {
  type APIApplicationCommandOptionChoice,
  type APIEmbed,
  type APIEmbedField,
  type MessageMentionOptions,
} from 'discord.js';
import { splitSentences } from '../arabic/index.ts';
import type { Answer, Quote, Source, Summary } from '../answering/index.ts';
import type { ArticleInfo } from '../engine/index.ts';
import type { Passage } from '../retrieval/index.ts';
import { textsFor, type InterfaceText, type Language } from './language.ts';

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

const RLI = '\u2067';
const LRI = '\u2066';
const PDI = '\u2069';
const RLM = '\u200F';
const ZWSP = '\u200B';
const ELLIPSIS = '…';

const COLOR_ANSWER = 0x2f7d6d;
const COLOR_NOT_FOUND = 0x8a8f98;

/** Embedding, override and isolate controls: an unterminated one would flip everything after it. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** C0/C1 controls except tab and line feed: they would show as boxes or break the layout. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/u;
const ANY_LETTER = /\p{L}/u;

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

// ---------------------------------------------------------------------------------------------
// Text safety

/** Removes bidi controls and control characters (keeps line feeds and tabs as spaces). */
function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(BIDI_CONTROLS, '').replace(CONTROL_CHARS, '').replace(/\t/g, ' ');
}

/** Characters with a markdown meaning anywhere in a line (Discord drops a backslash before punctuation). */
const INLINE_MARKDOWN = /[\\*_~`|[\]<>]/g;

/**
 * Markdown-escaped and mention-neutralised: renders as the literal text and can never ping.
 * (Linear, unlike discord.js's escapeMarkdown, which takes seconds on a 20 KB line.)
 */
export function escapeText(text: string): string {
  return cleanText(text)
    .replace(INLINE_MARKDOWN, '\\$&')
    .replace(/^(\s*)([#+-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)\./gm, '$1\\.')
    .replace(/@/g, `@${ZWSP}`);
}

/** User text echoed on one line (titles, notices): escaped, whitespace collapsed, cut to `max`. */
export function userText(text: string, max: number): string {
  return truncate(escapeText(cleanText(text).replace(/\s+/g, ' ').trim()), max);
}

/** Cuts `text` to at most `max` UTF-16 units with an ellipsis, at a word boundary when one is near. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return ELLIPSIS.slice(0, max);
  let cut = text.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  if (space > max * 0.6) cut = cut.slice(0, space);
  return `${dropBrokenTail(cut).trimEnd()}${ELLIPSIS}`;
}

/** A cut must not end in half a surrogate pair, a lone escaping backslash, or an @ parted from its guard. */
function dropBrokenTail(cut: string): string {
  let out = cut;
  if (out.endsWith('@')) out = out.slice(0, -1);
  if (isHighSurrogate(out.charCodeAt(out.length - 1))) out = out.slice(0, -1);
  const backslashes = /\\+$/.exec(out)?.[0].length ?? 0;
  if (backslashes % 2 === 1) out = out.slice(0, -1);
  return out;
}

/** Prefixes a RIGHT-TO-LEFT MARK when the line's first strong character is not right-to-left. */
export function startRightToLeft(line: string): string {
  for (const ch of line.replace(/\u2067[^\u2069]*\u2069/g, '')) {
    if (RTL_LETTER.test(ch)) return line;
    if (ANY_LETTER.test(ch)) return `${RLM}${line}`;
  }
  return line;
}

/** `[n]` isolated so its digits and brackets cannot change the direction of the line. */
export function citationMarker(n: number): string {
  return `${RLI}[${n}]${PDI}`;
}

function isolateLeftToRight(text: string): string {
  return `${LRI}${text}${PDI}`;
}

// ---------------------------------------------------------------------------------------------
// Quotes

/** A quote as a Discord block quote: «text» (ellipsis if cut) then its citation marker, if any. */
function renderExcerpt(text: string, citation: number | null, cut: boolean): string {
  const lines = cleanText(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (lines.length === 0) lines.push('');
  const last = lines.length - 1;
  return lines
    .map((line, i) => {
      let body = escapeText(line);
      if (i === 0) body = `«${body}`;
      if (i === last) body = `${body}»${cut ? ` ${ELLIPSIS}` : ''}${citation === null ? '' : ` ${citationMarker(citation)}`}`;
      return `> ${startRightToLeft(body)}`;
    })
    .join('\n');
}

/**
 * The excerpt within `budget` characters: whole if it fits, else cut after the last sentence that
 * fits, else (one very long sentence) after the last word that fits. Null when not even a few
 * words fit.
 */
export function fitExcerpt(text: string, citation: number | null, budget: number): string | null {
  // Rendering only ever adds characters, so no cut longer than the budget can fit.
  const reach = Math.min(text.length, budget);
  if (reach === text.length) {
    const whole = renderExcerpt(text, citation, false);
    if (whole.length <= budget) return whole;
  }
  const render = (end: number) => renderExcerpt(text.slice(0, end), citation, true);
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

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
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

/**
 * As many whole quotes as fit in `budget`, in order; only a first quote too long on its own is cut.
 * When quotes are left out, a line says how many.
 */
function packQuotes(quotes: readonly Quote[], budget: number, texts: InterfaceText, total: number): PackedQuotes {
  const rendered = quotes.map((q) => (q.text.length <= budget ? renderExcerpt(q.text, q.citation, false) : null));
  const note = (omitted: number) => `\n\n${texts.quotesOmitted(omitted)}`;
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
      const cut = fitExcerpt(q.text, q.citation, room);
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

function sourceLine(source: Source, texts: InterfaceText): string {
  const outlet = source.outlet === null || source.outlet.trim() === '' ? texts.outletUnknown : userText(source.outlet, 100);
  return startRightToLeft(`${citationMarker(source.number)} ${userText(source.title, 200)} — ${outlet}`);
}

/** Source lines packed into at most `maxFields` fields of ≤ 1,024 characters; `listed` are those that fit. */
function sourceFields(sources: readonly Source[], texts: InterfaceText, maxFields: number): { fields: APIEmbedField[]; listed: Source[] } {
  const fields: APIEmbedField[] = [];
  const listed: Source[] = [];
  let current: string[] = [];
  let currentLength = 0;
  const close = () => {
    if (current.length > 0) fields.push({ name: fields.length === 0 ? texts.sources : texts.sourcesContinued, value: current.join('\n') });
    current = [];
    currentLength = 0;
  };
  for (const source of sources) {
    const line = sourceLine(source, texts);
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

/** Quotes under the question, then their sources; or, for not_found, a plain refusal and reading suggestions. */
export function formatAnswer(answer: Answer, options: FormatOptions): FormattedAnswer {
  const texts = textsFor(options.language);
  const title = userText(answer.question, DISCORD_LIMITS.embedTitle);
  const footer = { text: texts.searched(options.articlesSearched) };
  if (answer.status === 'not_found' || answer.quotes.length === 0) {
    // With no article at all, "the articles do not answer this" would suggest there were some.
    const description = options.articlesSearched === 0 ? texts.noArticles : notFoundDescription(answer.suggestions, texts);
    return {
      embeds: [{ title, description, footer, color: COLOR_NOT_FOUND }],
      allowedMentions: NO_PINGS,
      shown: [],
    };
  }
  const quoted = quotesWithSources(answer.quotes, answer.sources, title.length + footer.text.length, texts);
  return {
    embeds: [{ title, description: quoted.description, fields: quoted.fields, footer, color: COLOR_ANSWER }],
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
): { description: string; fields: APIEmbedField[]; shown: Quote[] } {
  const candidates = sourceFields(citedSources(sources, quotes), texts, MAX_SOURCE_FIELDS);
  const listed = new Set(candidates.listed.map((s) => s.number));
  const citable = quotes.filter((q) => listed.has(q.citation));
  const budget = Math.min(DISCORD_LIMITS.embedDescription, DISCORD_LIMITS.embedTotal - otherLength - fieldsLength(candidates.fields));
  const packed = packQuotes(citable, budget, texts, quotes.length);
  // Fewer quotes shown can only mean fewer sources: the total stays within budget.
  const { fields } = sourceFields(citedSources(sources, packed.shown), texts, MAX_SOURCE_FIELDS);
  return { description: packed.text, fields, shown: packed.shown };
}

function notFoundDescription(suggestions: readonly Source[], texts: InterfaceText): string {
  let description = texts.notFound;
  if (suggestions.length === 0) return description;
  description += `\n\n${texts.closestArticles}`;
  for (const s of suggestions) {
    const outlet = s.outlet === null || s.outlet.trim() === '' ? texts.outletUnknown : userText(s.outlet, 100);
    const line = `\n• ${startRightToLeft(`${userText(s.title, 200)} — ${outlet}`)}`;
    if (description.length + line.length > DISCORD_LIMITS.embedDescription) break;
    description += line;
  }
  return description;
}

/** Passages listed by /sources at most: each keeps a readable share of the 6,000 characters. */
const MAX_PASSAGES = 10;

/** The passages behind a question, one field each, each cut to its share of the message. */
export function formatPassages(question: string, passages: readonly Passage[], options: FormatOptions): FormattedMessage {
  const texts = textsFor(options.language);
  const title = userText(question, DISCORD_LIMITS.embedTitle);
  const footer = { text: texts.searched(options.articlesSearched) };
  if (passages.length === 0) {
    const empty = options.articlesSearched === 0 ? texts.noArticles : texts.noPassages;
    return { embeds: [{ title, description: empty, footer, color: COLOR_NOT_FOUND }], allowedMentions: NO_PINGS };
  }
  const description = texts.passagesIntro;
  const shownPassages = passages.slice(0, MAX_PASSAGES);
  const names = shownPassages.map((p) => {
    const outlet = p.outlet === null || p.outlet.trim() === '' ? texts.outletUnknown : userText(p.outlet, 60);
    return truncate(startRightToLeft(`${citationMarker(p.rank)} ${userText(p.title, 150)} — ${outlet}`), DISCORD_LIMITS.fieldName);
  });
  const fixed = title.length + description.length + footer.text.length + names.reduce((n, s) => n + s.length, 0);
  const share = Math.min(DISCORD_LIMITS.fieldValue, Math.floor((DISCORD_LIMITS.embedTotal - fixed) / shownPassages.length));
  const fields: APIEmbedField[] = shownPassages.map((p, i) => ({
    name: names[i]!,
    value: fitExcerpt(p.text, null, share) ?? ELLIPSIS,
  }));
  return { embeds: [{ title, description, fields, footer, color: COLOR_ANSWER }], allowedMentions: NO_PINGS };
}

export function formatSummary(summary: Summary, options: FormatOptions): FormattedAnswer {
  const texts = textsFor(options.language);
  const heading = summary.kind === 'article' ? userText(summary.heading, DISCORD_LIMITS.embedTitle) : truncate(texts.summaryOfTopic(userText(summary.heading, DISCORD_LIMITS.embedTitle)), DISCORD_LIMITS.embedTitle);
  const footer = { text: texts.searched(options.articlesSearched) };
  if (summary.quotes.length === 0) {
    const empty = options.articlesSearched === 0 ? texts.noArticles : texts.summaryEmpty;
    return { embeds: [{ title: heading, description: empty, footer, color: COLOR_NOT_FOUND }], allowedMentions: NO_PINGS, shown: [] };
  }
  const quoted = quotesWithSources(summary.quotes, summary.sources, heading.length + footer.text.length, texts);
  return {
    embeds: [{ title: heading, description: quoted.description, fields: quoted.fields, footer, color: COLOR_ANSWER }],
    allowedMentions: NO_PINGS,
    shown: quoted.shown,
  };
}

export interface ArticlePage extends FormattedMessage {
  /** 0-based page shown (clamped into range). */
  page: number;
  pages: number;
}

/** One page of the article list: as many articles as fit in 25 fields and 6,000 characters. */
export function formatArticlePage(articles: readonly ArticleInfo[], page: number, language: Language): ArticlePage {
  const texts = textsFor(language);
  const title = texts.articlesTitle(articles.length);
  const fields = articles.map((a) => articleField(a, texts));
  const longestFooter = texts.page(fields.length + 1, fields.length + 1).length;
  const room = DISCORD_LIMITS.embedTotal - title.length - longestFooter;
  const pages: APIEmbedField[][] = [];
  let current: APIEmbedField[] = [];
  let used = 0;
  for (const f of fields) {
    const size = f.name.length + f.value.length;
    if (current.length === DISCORD_LIMITS.fields || (current.length > 0 && used + size > room)) {
      pages.push(current);
      current = [];
      used = 0;
    }
    current.push(f);
    used += size;
  }
  pages.push(current);
  const shown = Math.min(Math.max(0, Math.trunc(page)), pages.length - 1);
  const embed: APIEmbed = { title, color: COLOR_ANSWER, footer: { text: texts.page(shown + 1, pages.length) } };
  if (pages[shown]!.length > 0) embed.fields = pages[shown];
  else embed.description = texts.noArticles;
  return { embeds: [embed], allowedMentions: NO_PINGS, page: shown, pages: pages.length };
}

function articleField(article: ArticleInfo, texts: InterfaceText): APIEmbedField {
  const name = truncate(startRightToLeft(userText(article.title, DISCORD_LIMITS.fieldName) || userText(article.id, 200)), DISCORD_LIMITS.fieldName);
  const outlet = article.outlet === null || article.outlet.trim() === '' ? texts.outletUnknown : userText(article.outlet, 200);
  const value = `${outlet} · ${isolateLeftToRight(userText(article.id, 300))} · ${texts.articleDetails(article.characters)}`;
  return { name: name || ELLIPSIS, value: truncate(value, DISCORD_LIMITS.fieldValue) };
}

export function formatHelp(language: Language, articles: number): FormattedMessage {
  const texts = textsFor(language);
  return { embeds: [{ title: texts.helpTitle, description: texts.help(articles).join('\n\n'), color: COLOR_ANSWER }], allowedMentions: NO_PINGS };
}

/** A short message (errors, notices) as content, cut to Discord's 2,000. */
export function formatNotice(text: string): FormattedMessage {
  return { content: truncate(text, DISCORD_LIMITS.content), embeds: [], allowedMentions: NO_PINGS };
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
