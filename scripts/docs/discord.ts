// Writes docs/discord.md: the text of each kind of reply the bot sends, produced by the bot's own
// formatter (src/discord/format.ts) from answers built on the articles in corpus/, so the page
// cannot drift from the code (tests/discord/docs.test.ts fails when it does).
//
//   npm run docs:discord

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIActionRowComponent, APIButtonComponent } from 'discord.js';
import type { Answer, Quote, Source } from '../../src/answering/types.ts';
import type { ArticleInfo } from '../../src/engine/index.ts';
import type { Passage } from '../../src/retrieval/index.ts';
import { answerButtons, articlePageButtons } from '../../src/discord/button-rows.ts';
import { CitationNumbers, sourceEntries } from '../../src/discord/citations.ts';
import {
  formatAnswer,
  formatArticlePage,
  formatHelp,
  formatLatinQuestion,
  formatNotice,
  formatPassages,
  formatSummary,
  type FormattedMessage,
} from '../../src/discord/format.ts';
import { textsFor } from '../../src/discord/language.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DOC_PATH = path.join(ROOT, 'docs', 'discord.md');
const CORPUS = path.join(ROOT, 'corpus');

const QUESTION = 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';
/** The near miss: the meeting was Turkey, Russia and the US, so the closest passage may not answer. */
const NEAR_MISS_QUESTION = 'في أي مدينة اجتمع رؤساء أركان جيوش فرنسا وألمانيا والولايات المتحدة؟';
const ARTICLE_ID = '002_10ecb58a6e64aa15.txt';
const OTHER_ID = '004_a28b00397c7848ac.txt';
/** Illustrative: the corpus articles carry no address or date yet. */
const EXAMPLE_URL = 'https://example.com/news/antalya-meeting';
const EXAMPLE_PUBLISHED = '2017-03-07';
const SEARCHED = 5;

type Row = APIActionRowComponent<APIButtonComponent>;

function articleText(id: string): string {
  return readFileSync(path.join(CORPUS, id), 'utf8');
}

/** Where the body's sentence starting with `opening` starts (the last occurrence: a lede may repeat it cut short). */
function sentenceStart(text: string, articleId: string, opening: string): number {
  const start = text.lastIndexOf(opening);
  if (start < 0) throw new Error(`"${opening}" is not in ${articleId}`);
  return start;
}

/** The corpus sentence that starts with `opening`, as a quote citing `citation`, its highlight on `marked`. */
function quoteOf(articleId: string, opening: string, citation: number, marked?: string): Quote {
  const text = articleText(articleId);
  const start = sentenceStart(text, articleId, opening);
  const end = start + /^[^]*?\.(?=\s|$)/.exec(text.slice(start))![0].length;
  const at = marked === undefined ? -1 : text.indexOf(marked, start);
  return { articleId, start, end, text: text.slice(start, end), citation, highlight: at < 0 ? null : { start: at, end: at + marked!.length } };
}

function titleOf(articleId: string): string {
  return articleText(articleId).split('\n')[0]!.trim();
}

const seedSource: Source = { number: 1, articleId: ARTICLE_ID, title: titleOf(ARTICLE_ID), outlet: null, url: EXAMPLE_URL, published: EXAMPLE_PUBLISHED };
const otherSource: Source = { number: 2, articleId: OTHER_ID, title: titleOf(OTHER_ID), outlet: null };

function answered(status: Answer['status']): Answer {
  return {
    status,
    question: status === 'answered' ? QUESTION : NEAR_MISS_QUESTION,
    quotes: [
      // The answer words are marked only on an answered reply.
      quoteOf(ARTICLE_ID, 'اجتمع رؤساء أركان جيوش', 1, status === 'answered' ? 'مدينة أنطاليا التركية' : undefined),
      quoteOf(ARTICLE_ID, 'وقالت وزارة الدفاع الروسية', 1),
      quoteOf(OTHER_ID, 'واجتمع الوفدان', 2),
    ],
    sources: [seedSource, otherSource],
    passages: [],
    suggestions: [],
    evidence: status === 'answered' ? 0.9 : 0.4,
    confidence: status === 'answered' ? 0.85 : 0.4,
    missingTerms: status === 'answered' ? [] : ['فرنسا', 'ألمانيا'],
  };
}

/** Invisible characters the bot adds (direction wrapping, mention guards) would be invisible here too. */
function readable(text: string): string {
  return text.replace(/[\u200B\u200F\u2066\u2067\u2069]/g, '');
}

function fence(text: string): string {
  return ['```text', readable(text), '```'].join('\n');
}

function buttons(rows: readonly Row[]): string {
  const labels = rows.flatMap((r) =>
    r.components.map((button) => {
      const b = button as { label?: string; emoji?: { name?: string }; disabled?: boolean };
      return `[${b.label ?? b.emoji?.name ?? ''}${b.disabled ? ' (disabled)' : ''}]`;
    }),
  );
  return labels.length > 0 ? `Buttons: ${labels.join(' ')}` : '';
}

/** One reply as the page shows it: the message's parts, each as sent. */
function message(heading: string, why: string, sent: FormattedMessage, rows: readonly Row[] = [], flags: string[] = []): string {
  const parts = [`### ${heading}`, '', why, ''];
  if (flags.length > 0) parts.push(`Sent ${flags.join(', ')}.`, '');
  if (sent.content) parts.push('Content:', '', fence(sent.content), '');
  for (const embed of sent.embeds) {
    if (embed.title) parts.push(`Title: \`${readable(embed.title)}\``, '');
    if (embed.description) parts.push('Description:', '', fence(embed.description), '');
    for (const field of embed.fields ?? []) parts.push(`Field \`${readable(field.name)}\`:`, '', fence(field.value), '');
    if (embed.footer) parts.push(`Footer: \`${readable(embed.footer.text)}\``, '');
  }
  const row = buttons(rows);
  if (row) parts.push(row, '');
  return parts.join('\n');
}

function articleInfos(): ArticleInfo[] {
  const ids = [ARTICLE_ID, OTHER_ID, '001_864faea840389226.txt'];
  return ids.map((id, i) => ({ id, title: titleOf(id), outlet: i === 2 ? 'العرب' : null, characters: articleText(id).length, chunks: 3 + i, ...(i === 0 ? { published: EXAMPLE_PUBLISHED, url: EXAMPLE_URL } : {}) }));
}

function passageOf(articleId: string, opening: string, rank: number): Passage {
  const text = articleText(articleId);
  const start = text.lastIndexOf('\n', sentenceStart(text, articleId, opening)) + 1;
  const next = text.indexOf('\n\n', start);
  const end = next < 0 ? text.length : next;
  return { rank, articleId, title: titleOf(articleId), outlet: null, start, end, text: text.slice(start, end), labels: [rank], scores: { lexical: 1, vector: 1, fused: 1 } };
}

export function discordDoc(): string {
  const ar = { language: 'ar' as const, articlesSearched: SEARCHED };
  const key = 'KEY';
  const texts = textsFor('ar');

  const citations = new CitationNumbers();
  const answer = citations.renumber(answered('answered'));
  const continuation = new CitationNumbers(citations.entries()).renumber({
    ...answered('answered'),
    quotes: [quoteOf(ARTICLE_ID, 'وقد عقد الاجتماع', 1), quoteOf(OTHER_ID, 'واجتمع الوفدان', 2)],
    sources: [{ ...seedSource, number: 1 }, { ...otherSource, number: 2 }],
  });
  const notFound: Answer = { ...answered('not_found'), question: 'ما هي عاصمة اليابان؟', quotes: [], sources: [], suggestions: [seedSource, otherSource], confidence: 0 };
  const passages = [passageOf(ARTICLE_ID, 'اجتمع رؤساء أركان جيوش', 1), passageOf(ARTICLE_ID, 'وقالت وزارة الدفاع الروسية', 2), passageOf(OTHER_ID, 'واجتمع الوفدان', 3)];
  const sourcesCitations = new CitationNumbers();
  sourcesCitations.renumber(answer);
  const infos = articleInfos();
  const byId = new Map(infos.map((a) => [a.id, { ...a, articleId: a.id }]));
  const summary = {
    kind: 'article' as const,
    heading: seedSource.title,
    quotes: [quoteOf(ARTICLE_ID, 'اجتمع رؤساء أركان جيوش', 1), quoteOf(ARTICLE_ID, 'وقد عقد الاجتماع', 1)],
    sources: [seedSource],
  };
  const page = formatArticlePage(infos, 0, 'ar');

  return [
    '# What the bot sends on Discord',
    '',
    '<!-- Generated by `npm run docs:discord` (scripts/docs/discord.ts) from the bot\'s formatter; do not edit by hand. -->',
    '',
    'Each reply below is produced by `src/discord/format.ts` exactly as the bot sends it, from quotes',
    'taken out of the articles in `corpus/`. Markdown is shown as sent (`**bold**`, `> ` block quotes,',
    '`-# ` small text). Not shown, because they are invisible: every Arabic line is wrapped in',
    'RIGHT-TO-LEFT MARK + RIGHT-TO-LEFT ISOLATE … POP DIRECTIONAL ISOLATE (U+200F U+2067 … U+2069), each',
    'citation marker `[n]` is isolated the same way, and every `@` is followed by a ZERO WIDTH SPACE so',
    'nothing can ping. The address and the date of article [1] are illustrative (the corpus articles',
    'carry none yet).',
    '',
    'The interface is Arabic unless the question is written in a Latin-script language or the server sets',
    '`BOT_LANGUAGE=en` (Discord has no Arabic locale, so the client locale is ignored).',
    '',
    '## /ask',
    '',
    message(
      'An answer',
      'The first quote comes first at full size with the words that answer in bold; further quotes follow as small text under «سياق إضافي». Sources are `[n] title — outlet · date`, the title a link to the quoted words (a `#:~:text=` fragment of the first quote\'s first and last words).',
      formatAnswer(answer, ar),
      [answerButtons(key, 'ar', 'enabled')],
    ),
    message('An uncertain answer', 'The closest passages, labelled as possibly not answering, in a neutral colour.', formatAnswer(citations.renumber(answered('uncertain')), ar), [answerButtons(key, 'ar', 'enabled')]),
    message('Not answered', 'No quote: the closest articles as reading, and a pointer to `/articles`.', formatAnswer(notFound, ar), [answerButtons(key, 'ar', 'hidden')]),
    message(
      'A question in English',
      'The built-in embedder matches words, so an English question cannot match the Arabic articles: the bot says so, in English, and asks for the question in Arabic.',
      formatLatinQuestion('Where did the chiefs of staff meet?', { language: 'en', articlesSearched: SEARCHED }),
    ),
    message('"More quotes"', 'A new message under the answer (private when the answer was), which stays as it was: further passages, shown as the closest passages are (neutral colour, nothing in bold), since the answer was the first message; an article keeps its number ([1] here), a new one gets the next. Its button is disabled when nothing is left after these quotes.', formatAnswer(continuation, { ...ar, title: texts.continuation(QUESTION), continuation: true }), [answerButtons(key, 'ar', 'disabled')]),
    '## @mention',
    '',
    message('A reply to a mention', 'No title: Discord already shows the question right above the reply.', formatAnswer(answer, { ...ar, title: null }), [answerButtons(key, 'ar', 'enabled')]),
    message('A follow-up in a thread', 'A short follow-up is asked together with the thread\'s question (the last one that stood on its own), and the title says how it was understood.', formatAnswer(answer, { ...ar, title: texts.askedAs(`${QUESTION} ومتى حدث ذلك؟`) }), [answerButtons(key, 'ar', 'enabled')]),
    message('A bare mention', 'A hint.', formatNotice(texts.mentionHint)),
    '## /sources',
    '',
    message(
      'The passages behind a question',
      'Per passage the one or two sentences closest to the question\'s words, at most five, numbered as `/ask` numbers them; parts of one article that overlap are listed once.',
      formatPassages(QUESTION, sourceEntries(QUESTION, passages, sourcesCitations, byId, 5), ar),
    ),
    '## /summary',
    '',
    message('A summary of an article', 'Sentences of the article in document order, all alike.', formatSummary(summary, ar)),
    '## /articles',
    '',
    message('The article list', 'Ten rows a page, newest first (by publication date when known): `title` / `outlet · date · N chunks`. With more than ten articles, ◀ (next, for a right-to-left reader) and ▶ (previous) page through them.', page, articlePageButtons(0, 2, 'ar')),
    '## /help',
    '',
    message('Help', 'Private. It describes the search the embedder in use does: the built-in one matches words, not meaning.', formatHelp('ar', SEARCHED, 'words'), [], ['ephemeral']),
    '## Notices',
    '',
    message('Too many questions', 'Private.', formatNotice(texts.rateLimited(12)), [], ['ephemeral']),
    message('A blank question', 'Private.', formatNotice(texts.emptyQuestion), [], ['ephemeral']),
    message('A button of a forgotten answer', 'Private.', formatNotice(texts.answerExpired), [], ['ephemeral']),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()
    .concat('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(DOC_PATH, discordDoc());
  console.log(`wrote ${path.relative(process.cwd(), DOC_PATH)}`);
}
