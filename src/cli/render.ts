import {
  citationDate,
  citationLabel,
  citationLine,
  confidencePercent,
  missingTermsNote,
  quoteLink,
  type Answer,
  type Gist,
  type QuestionScript,
  type Quote,
  type Source,
  type Summary,
} from '../answering/index.ts';
import type { ArticleInfo } from '../engine/index.ts';
import type { Passage } from '../retrieval/index.ts';
import { stripControls } from '../arabic/index.ts';
import { ANSI } from './terminal.ts';

// Terminal output: each line starts with Arabic text so bidi-aware terminals lay it out
// right-to-left; citation numbers, dates and links come last on the line or on their own line.

/** The source's citation, then its link (to its first quote where the page can show one) and the other outlets carrying it. */
export function sourceLines(s: Source, quotes: readonly Quote[]): string[] {
  const lines = [citationLine(s)];
  const first = quotes.find((q) => q.citation === s.number);
  const link = first ? quoteLink(s.url, first.text) : undefined;
  if (link ?? s.url) lines.push(`    ${link ?? s.url}`);
  for (const copy of s.alsoIn ?? []) lines.push(`    وأيضًا في: ${citationLabel(copy)}${copy.url ? `  ${copy.url}` : ''}`);
  return lines;
}

/** A quote, its citation number and, when its article is dated, the date, so «أمس» can be placed. */
function quoteLine(q: Quote, sources: readonly Source[], bullet = '', shown = q.text): string {
  const date = citationDate(sources.find((s) => s.number === q.citation)?.published);
  const text = bullet ? `${bullet}${oneLine(shown)}` : `«${oneLine(shown)}»`;
  return `${text} [${q.citation}]${date ? ` (${date})` : ''}`;
}

export interface RenderOptions {
  /** ANSI colours and bold (a terminal); otherwise the marked words are wrapped in ** **. */
  color: boolean;
}

export function renderAnswer(answer: Answer, options: RenderOptions = { color: false }): string[] {
  if (answer.status === 'not_found') {
    const lines = ['لا تجيب المقالات المتاحة عن هذا السؤال، فلا اقتباس.', '(The articles do not answer this question.)'];
    const why = missingTermsNote(answer);
    if (why) lines.push(why);
    if (answer.suggestions.length) {
      lines.push('', 'أقرب المقالات إلى السؤال:');
      for (const s of answer.suggestions) lines.push(`• ${stripControls(citationLabel(s))}`);
    }
    return lines;
  }
  const lines: string[] = [];
  if (answer.status === 'uncertain') {
    const paint = (line: string) => (options.color ? `${ANSI.uncertain}${line}${ANSI.reset}` : line);
    lines.push(
      paint('غير متأكد: هذه أقرب المقاطع إلى السؤال، وقد لا تجيب عنه.'),
      paint('(Not sure: these are the closest passages; they may not answer your question.)'),
    );
    const why = missingTermsNote(answer);
    if (why) lines.push(paint(why));
    lines.push('');
  }
  for (const q of answer.quotes) lines.push(quoteLine(q, answer.sources, '', markedText(q, options)));
  lines.push('', 'المصادر:');
  for (const s of answer.sources) lines.push(...sourceLines(s, answer.quotes).map(stripControls));
  lines.push('', `الثقة: ${confidencePercent(answer)} (confidence that the quotes hold the answer)`);
  return lines;
}

export function renderSummary(summary: Summary): string[] {
  const lines = [summary.kind === 'article' ? summary.heading : `ملخص: ${summary.heading}`];
  const only = summary.sources[0];
  if (summary.kind === 'article' && only) {
    const details = [only.outlet, citationDate(only.published)].filter(Boolean).join(' · ');
    if (details) lines.push(details);
  }
  lines.push('');
  if (summary.quotes.length === 0) lines.push('لم يُعثر على جمل تلخص هذا الموضوع في المقالات.');
  for (const q of summary.quotes) lines.push(quoteLine(q, summary.sources, '• '));
  lines.push('', 'المصادر:');
  for (const s of summary.sources) lines.push(...sourceLines(s, summary.quotes));
  return lines;
}

/** Per passage its citation, its gist (the sentences around the question's words, as Discord's /sources shows them), its offsets and scores. */
export function renderPassages(passages: ReadonlyArray<Passage & { gist: Gist }>): string[] {
  if (passages.length === 0) return ['لا توجد مقاطع تطابق هذا السؤال.'];
  return passages.flatMap((p) => [
    citationLine({ number: p.rank, ...p }),
    gistLine(p.gist),
    `(${p.articleId} ${p.start}–${p.end}, score ${p.scores.fused.toFixed(3)}: lexical ${p.scores.lexical.toFixed(2)}, vector ${p.scores.vector.toFixed(3)})`,
    '',
  ]);
}

function gistLine(gist: Gist): string {
  return `${gist.cutBefore ? '… ' : ''}${oneLine(gist.text)}${gist.cutAfter ? ' …' : ''}`;
}

/**
 * What to say of a question in another script than the articles' (answering's questionScript),
 * or nothing for an Arabic one.
 */
export function questionScriptNote(script: QuestionScript): string[] {
  if (script === 'unmatchable')
    return [
      'المقالات بالعربية، ولا أستطيع مطابقة سؤال بلغة أخرى بها، فلا أعرف إن كانت تجيب عنه. اسأل بالعربية.',
      '(The articles are in Arabic and the built-in search cannot match a question in another language with them: ask in Arabic.)',
    ];
  if (script === 'foreign')
    return ['المقالات بالعربية؛ الاقتباسات بلغتها الأصلية.', '(The articles are in Arabic; the quotes are in the original.)'];
  return [];
}

export function renderArticles(articles: ArticleInfo[]): string[] {
  if (articles.length === 0) return ['لا مقالات في المجموعة بعد. (The corpus has no articles yet.)'];
  return articles.map((a) => `${citationLabel({ articleId: a.id, ...a })}  (${a.id}, ${a.characters} chars, ${a.chunks} chunks)`);
}

/** For --json: each quote with `link`, the address of the quote on its article's page, where known. */
export function withQuoteLinks<T extends { quotes: Quote[]; sources: Source[] }>(result: T): T {
  const quotes = result.quotes.map((q) => {
    const link = quoteLink(result.sources.find((s) => s.number === q.citation)?.url, q.text);
    return link ? { ...q, link } : q;
  });
  return { ...result, quotes };
}

/** The quote's text with its highlight marked (the offsets are the article's, as the quote's). */
function markedText(q: Quote, options: RenderOptions): string {
  if (!q.highlight) return stripControls(q.text);
  const [open, close] = options.color ? [ANSI.mark, ANSI.reset] : ['**', '**'];
  const from = q.highlight.start - q.start;
  const to = q.highlight.end - q.start;
  // Each piece cleaned before the colours go in: the quote's own text cannot carry a sequence past terminalLine.
  const [before, marked, after] = [q.text.slice(0, from), q.text.slice(from, to), q.text.slice(to)].map(stripControls);
  return `${before}${open}${marked}${close}${after}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
