/**
 * Where highlights miss, by question type and cause: `tsx scripts/analysis/highlight.ts <corpus> <qa.jsonl> [--list type:cause] [--min-confidence p]`.
 * Over answered answerable questions: marked or not, and for a marked miss whether the first quote
 * lacks the answer (the quote's fault) or holds it with the mark elsewhere (the mark's fault).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { normalizeArabic, normalizeForMatch, tokenize } from '../../src/arabic/index.ts';
import { loadConfig } from '../../src/config.ts';
import { Engine } from '../../src/engine/index.ts';
import { parseQuestions } from '../../src/evaluation/questions.ts';
import { highlightOverlapsAnswer } from '../../src/evaluation/metrics.ts';

const TYPES = ['كم', 'متى', 'من', 'أين', 'ما', 'أي', 'ماذا'] as const;
const NORMAL_TYPES = new Map(TYPES.map((t) => [normalizeArabic(t), t]));

/** The first question word of the question (also with a clitic, as in بماذا، لمن، ماهي), or "other". */
function questionType(question: string): string {
  for (const token of tokenize(question)) {
    const word = token.text.replace(/^ماه[وي]$/, 'ما');
    const t = NORMAL_TYPES.get(word) ?? NORMAL_TYPES.get(word.replace(/^[بلوفم]/, ''));
    if (t) return t;
  }
  return 'other';
}

type Cause = 'hit' | 'unmarked' | 'quote' | 'mark';

const [corpus, qa, ...rest] = process.argv.slice(2);
if (!corpus || !qa) throw new Error('usage: highlight.ts <corpus> <qa.jsonl> [--list type:cause] [--min-confidence p]');
const option = (name: string) => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : undefined);
const list = option('--list');
/** To see what a confidence floor on the mark would do: marks below it are dropped. */
const minConfidence = Number(option('--min-confidence') ?? 0);
const corpusDir = path.resolve(corpus);
const engine = await Engine.open(
  loadConfig({
    CORPUS_DIR: corpusDir,
    INDEX_DIR: path.join('embeddings', 'analysis', corpusDir.replaceAll(path.sep, '_')),
    EMBEDDER: 'builtin',
  }),
);
const questions = parseQuestions(await readFile(qa, 'utf8'), qa).filter((q) => q.answerable);
const table = new Map<string, Record<Cause, number>>();
for (const question of questions) {
  const answer = await engine.ask(question.question);
  if (answer.status !== 'answered') continue;
  const first = answer.quotes[0]!;
  if (answer.confidence < minConfidence) first.highlight = null;
  const answers = question.answers.map(normalizeForMatch).filter(Boolean);
  const holds = answers.some((a) => normalizeForMatch(first.text).includes(a));
  const evalQuote = { doc: first.articleId, start: first.start, end: first.end, text: first.text, highlight: first.highlight };
  const cause: Cause = !first.highlight
    ? 'unmarked'
    : highlightOverlapsAnswer(evalQuote, question.answers)
      ? 'hit'
      : holds
        ? 'mark'
        : 'quote';
  const type = questionType(question.question);
  for (const key of [type, 'all']) {
    const row = table.get(key) ?? { hit: 0, unmarked: 0, quote: 0, mark: 0 };
    row[cause]++;
    table.set(key, row);
  }
  if (list === `${type}:${cause}` || list === `all:${cause}`) {
    const text = engine.index.article(first.articleId).text;
    const mark = first.highlight ? text.slice(first.highlight.start, first.highlight.end) : '-';
    console.log(
      `${question.question}\n  answer: ${question.answers[0]}\n  mark: ${mark}  (confidence ${answer.confidence})\n  quote: ${first.text}\n`,
    );
  }
}
console.log('type   answered  marked  rate   hit    quote-miss  mark-miss  highlight_hit');
for (const [type, r] of [...table].sort((a, b) => b[1].hit + b[1].unmarked - (a[1].hit + a[1].unmarked))) {
  const answered = r.hit + r.unmarked + r.quote + r.mark;
  const marked = r.hit + r.quote + r.mark;
  const f = (x: number) => x.toFixed(3);
  console.log(
    [
      type.padEnd(6),
      String(answered).padStart(8),
      String(marked).padStart(7),
      f(marked / answered),
      String(r.hit).padStart(5),
      String(r.quote).padStart(11),
      String(r.mark).padStart(10),
      f(r.hit / marked),
    ].join('  '),
  );
}
