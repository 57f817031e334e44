import { normalizeArabic, stem, tokenize, type Span, type Term } from '../arabic/index.ts';
import { isNumberOrDate } from './numbers.ts';

type Expected = 'quantity' | 'date' | 'entity';

/** Question words, normalised, and what kind of answer they ask for. */
const QUESTION_WORDS: ReadonlyMap<string, Expected> = new Map([
  ['من', 'entity'],
  ['اين', 'entity'],
  ['اي', 'entity'],
  ['ما', 'entity'],
  ['ماذا', 'entity'],
]);
/** After "في أي", these ask for a date. */
const DATE_NOUNS = new Set(['عام', 'سنه', 'يوم', 'شهر', 'تاريخ', 'قرن']);
/** Words of the answer marked at most. */
const MAX_WORDS = 4;
/** Punctuation that ends a phrase: a mark never runs across it. */
const PHRASE_BREAK = /[،,.:؛;()«»"“”!?؟\n]/;

/**
 * The words of the first quote most likely to answer a who/where/which/when/how-many/what
 * question: for "how many" the number with its noun, for "when" the date, otherwise the phrase
 * beside the question's words (after the noun the question asks about, as in "في أي مدينة" →
 * "مدينة أنطاليا"). Word boundaries come from the analysed terms, so a mark never splits a word.
 * Null for other questions (why, how, yes/no) or when nothing fits.
 */
export function answerHighlight(
  question: string,
  text: string,
  quote: Span,
  sentenceTerms: readonly Term[],
  isQuestionWord: (term: Term) => boolean,
): Span | null {
  const asked = expectedAnswer(question);
  if (!asked) return null;
  const terms = sentenceTerms.filter((t) => t.start >= quote.start && t.end <= quote.end);
  const fromQuestion = terms.filter((t) => isQuestionWord(t));
  const anchors = fromQuestion.map((t) => t.position);
  const distance = (t: Term) => (anchors.length ? Math.min(...anchors.map((p) => Math.abs(p - t.position))) : t.position);
  const adjacent = (a: Term, b: Term) => b.position === a.position + 1 && !PHRASE_BREAK.test(text.slice(a.end, b.start));

  if (asked.kind !== 'entity') {
    const numbers = terms.filter((t) => isNumberOrDate(t, text) && !isQuestionWord(t));
    if (numbers.length === 0) return null;
    const pick = numbers.reduce((best, t) => (distance(t) < distance(best) ? t : best));
    let i = terms.indexOf(pick);
    let j = i;
    while (i > 0 && adjacent(terms[i - 1]!, terms[i]!) && isNumberOrDate(terms[i - 1]!, text)) i--;
    while (
      j + 1 < terms.length &&
      adjacent(terms[j]!, terms[j + 1]!) &&
      (isNumberOrDate(terms[j + 1]!, text) || (asked.kind === 'quantity' && j === terms.indexOf(pick)))
    )
      j++;
    return { start: terms[i]!.start, end: terms[Math.min(j, i + MAX_WORDS - 1)]!.end };
  }

  // Runs of consecutive words that are not the question's, within one phrase.
  const runs: Term[][] = [];
  for (const t of terms) {
    if (isQuestionWord(t)) continue;
    const last = runs.at(-1)?.at(-1);
    if (last && adjacent(last, t) && runs.at(-1)!.length < MAX_WORDS) runs.at(-1)!.push(t);
    else runs.push([t]);
  }
  if (runs.length === 0) return null;
  const focus = fromQuestion.filter((t) => t.term === asked.focus);
  const afterFocus = runs.find((r) => focus.some((f) => adjacent(f, r[0]!)));
  const cost = (r: Term[]) => Math.min(...r.map(distance)) + (anchors.some((p) => p === r[0]!.position - 1) ? 0 : 0.5);
  const best = afterFocus ?? runs.reduce((a, b) => (cost(b) < cost(a) ? b : a));
  return { start: best[0]!.start, end: best.at(-1)!.end };
}

/** Nouns that make a what-question ask for a quantity ("ما هي مساحة", "ما عدد"). */
const QUANTITY_NOUNS = new Set(['عدد', 'مساحه', 'نسبه', 'طول', 'ارتفاع', 'عمر', 'سعر', 'حجم', 'وزن', 'عمق']);
/** Words between a question word and the noun it asks about. */
const LINKING_WORDS = new Set(['هو', 'هي', 'الذي', 'التي', 'اسم']);

/**
 * What the question asks for, and the noun it asks about ("في أي مدينة" → مدينه, "ما هي عاصمة
 * المغرب" → عاصمه): "how many" and "when" anywhere in it win over who/what.
 */
function expectedAnswer(question: string): { kind: Expected; focus?: string } | undefined {
  const words = tokenize(question).map((t) => normalizeArabic(t.text));
  if (words.includes('كم')) return { kind: 'quantity' };
  if (words.includes('متي')) return { kind: 'date' };
  const at = words.findIndex((w) => QUESTION_WORDS.has(w));
  if (at < 0) return undefined;
  let next = at + 1;
  while (next < words.length && LINKING_WORDS.has(words[next]!)) next++;
  const focus = words[next];
  if (focus && words[at] === 'اي' && DATE_NOUNS.has(focus)) return { kind: 'date' };
  if (focus && QUANTITY_NOUNS.has(focus)) return { kind: 'quantity' };
  if (focus === 'تاريخ') return { kind: 'date' };
  return { kind: QUESTION_WORDS.get(words[at]!)!, focus: focus && stem(focus) };
}
