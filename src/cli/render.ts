import type { Answer, Quote, Source, Summary } from '../answering/index.ts';
import type { ArticleInfo } from '../engine/index.ts';
import type { Passage } from '../retrieval/index.ts';

// Terminal output: each line starts with Arabic text so bidi-aware terminals lay it out
// right-to-left; citation numbers come last on the line.

export function sourceLine(s: Source): string {
  return `[${s.number}] ${s.title} — ${s.outlet ?? 'مصدر غير مذكور'}`;
}

export interface RenderOptions {
  /** ANSI colours and bold (a terminal); otherwise the marked words are wrapped in ** **. */
  color: boolean;
}

const ANSI = { mark: '\x1b[1;4m', uncertain: '\x1b[33m', reset: '\x1b[0m' };

export function renderAnswer(answer: Answer, options: RenderOptions = { color: false }): string[] {
  if (answer.status === 'not_found') {
    const lines = ['لا تجيب المقالات المتاحة عن هذا السؤال، فلا اقتباس.', '(The articles do not answer this question.)'];
    if (answer.suggestions.length) {
      lines.push('', 'أقرب المقالات إلى السؤال:');
      for (const s of answer.suggestions) lines.push(`• ${s.title} — ${s.outlet ?? 'مصدر غير مذكور'}`);
    }
    return lines;
  }
  const lines: string[] = [];
  if (answer.status === 'uncertain') {
    const paint = (line: string) => (options.color ? `${ANSI.uncertain}${line}${ANSI.reset}` : line);
    lines.push(
      paint('غير متأكد: هذه أقرب المقاطع إلى السؤال، وقد لا تجيب عنه.'),
      paint('(Not sure: these are the closest passages; they may not answer your question.)'),
      '',
    );
  }
  for (const q of answer.quotes) lines.push(`«${oneLine(markedText(q, options))}» [${q.citation}]`);
  lines.push('', 'المصادر:');
  for (const s of answer.sources) lines.push(sourceLine(s));
  lines.push('', `الثقة: ${Math.round(answer.confidence * 100)}% (confidence that the first quote holds the answer)`);
  return lines;
}

export function renderSummary(summary: Summary): string[] {
  const lines = [summary.kind === 'article' ? summary.heading : `ملخص: ${summary.heading}`];
  if (summary.kind === 'article' && summary.sources[0]) lines.push(summary.sources[0].outlet ?? 'مصدر غير مذكور');
  lines.push('');
  if (summary.quotes.length === 0) lines.push('لم يُعثر على جمل تلخص هذا الموضوع في المقالات.');
  for (const q of summary.quotes) lines.push(`• ${oneLine(q.text)} [${q.citation}]`);
  lines.push('', 'المصادر:');
  for (const s of summary.sources) lines.push(sourceLine(s));
  return lines;
}

export function renderPassages(passages: Passage[]): string[] {
  if (passages.length === 0) return ['لا توجد مقاطع تطابق هذا السؤال.'];
  return passages.flatMap((p) => [
    `[${p.rank}] ${p.title} — ${p.outlet ?? 'مصدر غير مذكور'}`,
    `${oneLine(p.text)}`,
    `(${p.articleId} ${p.start}–${p.end}, score ${p.scores.fused.toFixed(3)})`,
    '',
  ]);
}

export function renderArticles(articles: ArticleInfo[]): string[] {
  if (articles.length === 0) return ['لا مقالات في المجموعة بعد. (The corpus has no articles yet.)'];
  return articles.map((a) => `${a.title} — ${a.outlet ?? 'مصدر غير مذكور'}  (${a.id}, ${a.characters} chars, ${a.chunks} chunks)`);
}

/** The quote's text with its highlight marked (the offsets are the article's, as the quote's). */
function markedText(q: Quote, options: RenderOptions): string {
  if (!q.highlight) return q.text;
  const [open, close] = options.color ? [ANSI.mark, ANSI.reset] : ['**', '**'];
  const from = q.highlight.start - q.start;
  const to = q.highlight.end - q.start;
  return `${q.text.slice(0, from)}${open}${q.text.slice(from, to)}${close}${q.text.slice(to)}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
