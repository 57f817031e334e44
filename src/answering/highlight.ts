import { isStopWord, normalizeArabic, PHRASE_BREAK, stem, tokenize, type Span, type Term } from '../arabic/index.ts';
import { isNumberOrDate } from './numbers.ts';
import { COPULAS, expectedAnswer } from './question-kind.ts';

/** "X أو Y": Y is another name of X, not what is asked about it. */
const OR = normalizeArabic('أو');
/** Words of the answer marked at most. */
const MAX_WORDS = 4;
/** Punctuation that ends a phrase: a mark never runs across it. */

/** A word of the quote. */
interface Word extends Term {
  /** The word normalised. */
  text: string;
  /** A word of the question (as matched by the answer step). */
  asked: boolean;
  stop: boolean;
  /** Which parenthesised aside it sits in (1, 2, …), 0 outside any. */
  aside: number;
}

/**
 * The words of the first quote most likely to answer a who/where/which/when/how-many/what
 * question: for "how many" the number with its noun, for "when" the date, otherwise the phrase
 * that follows the question's words in the quote — best the phrase after the word the question
 * asks about ("في أي مدينة" → "مدينة أنطاليا", "أين تقع" → "تقع في غرب آسيا"), then the phrase
 * after "هو/هي" ("X هو Y"), then any phrase right after the question's words. Parenthesised
 * asides (a name in another language, a birth date) are passed over unless the question's words
 * are in them. Marks start and end on words, so they never split one. Null for other questions
 * (why, how, yes/no) or when nothing fits.
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
  const words = quoteWords(text, quote, sentenceTerms, isQuestionWord);
  const anchors = words.filter((w) => w.asked);
  const distance = (w: Word) => (anchors.length ? Math.min(...anchors.map((a) => Math.abs(a.position - w.position))) : w.position);
  const isFocus = (w: Word) => w.asked && asked.focus.some((f) => sameWord(w.term, f));
  const adjacent = (a: Word, b: Word) => b.position === a.position + 1 && !PHRASE_BREAK.test(text.slice(a.end, b.start));

  if (asked.kind !== 'entity') {
    const numbers = words.filter((w) => !w.asked && isNumberOrDate(w, text));
    if (numbers.length === 0) return null;
    // The first number after the word asked about, in its phrase ("وانتهت في 11 نوفمبر 1918"), else the nearest to the question's words.
    const afterFocus = numbers.find((n) =>
      words.some((f) => isFocus(f) && f.position < n.position && !PHRASE_BREAK.test(text.slice(f.end, n.start))),
    );
    // "كم ولاية" ← "تتألف من 28 ولاية": a count stands right before the noun it counts.
    const counting =
      asked.kind === 'quantity'
        ? numbers.find((n) => words[n.position + 1]?.asked && isFocus(words[n.position + 1]!) && adjacent(n, words[n.position + 1]!))
        : undefined;
    const pick = counting ?? afterFocus ?? numbers.reduce((best, w) => (distance(w) < distance(best) ? w : best));
    let i = words.indexOf(pick);
    let j = i;
    while (i > 0 && adjacent(words[i - 1]!, words[i]!) && isNumberOrDate(words[i - 1]!, text)) i--;
    const joins = (k: number) => k < words.length && adjacent(words[k - 1]!, words[k]!);
    while (joins(j + 1) && isNumberOrDate(words[j + 1]!, text)) j++;
    // A quantity with the noun it counts ("503 جنود", "1.7 مليون نسمة"), and nothing after that.
    if (asked.kind === 'quantity' && joins(j + 1) && !words[j + 1]!.stop) j++;
    return { start: words[i]!.start, end: words[Math.min(j, i + MAX_WORDS - 1)]!.end };
  }

  // Asides hold other names and dates; the question's own words put an aside back in play.
  const askedAsides = new Set(words.filter((w) => w.asked && w.aside > 0).map((w) => w.aside));
  const usable = (w: Word) => !w.asked && (w.aside === 0 || askedAsides.has(w.aside));
  const spans = candidateSpans(words, adjacent, usable);
  if (spans.length === 0) return null;
  const score = (span: CandidateSpan) => {
    const lead = span.after;
    const follows = lead.length > 0 && lead[0]!.asked;
    // The question's words right before the span, taken as one group: "بطولة كأس العالم 2006 والتي أقيمت في ألمانيا".
    const group = follows ? leadingGroup(words, lead[0]!, usable) : [];
    const next = wordsAfter(words, span.words.at(-1)!);
    let rank = 0;
    const before = (ws: Word[]) => words[Math.min(...ws.map((w) => w.position)) - 1];
    if (follows && (lead.some((w) => w.text === OR) || before(group)?.text === OR)) rank = 1;
    else if (group.some(isFocus)) rank = 3;
    else if (follows && lead.some((w) => COPULAS.has(w.text))) rank = 2.5;
    else if (follows) rank = 2;
    else if (anchors.some((a) => a.position < span.words[0]!.position)) rank = 1;
    // "من هو نزار القباني" over "نزار بن توفيق القباني (…) دبلوماسي وشاعر": a gap inside the name asked about is not what it is.
    if (asked.definition && next.length === 1 && next[0]!.asked) rank = Math.min(rank, 0.5);
    const context = group.length;
    return rank * 100 + context - distance(span.words[0]!) / 100;
  };
  const best = spans.reduce((a, b) => (score(b) > score(a) ? b : a));
  return { start: best.words[0]!.start, end: best.words.at(-1)!.end };
}

interface CandidateSpan {
  /** At most MAX_WORDS consecutive words of one phrase, none the question's, first and last not function words. */
  words: Word[];
  /** The words between the span and the previous content word outside asides, nearest first: a question word, or nothing. */
  after: Word[];
}

/** The quote's words with what the highlight needs to know of each. */
function quoteWords(text: string, quote: Span, sentenceTerms: readonly Term[], isQuestionWord: (term: Term) => boolean): Word[] {
  const askedAt = new Set(
    sentenceTerms.filter((t) => t.start >= quote.start && t.end <= quote.end && isQuestionWord(t)).map((t) => t.start),
  );
  const asides = asideOf(text, quote);
  return tokenize(text.slice(quote.start, quote.end)).map((token, position) => {
    const start = quote.start + token.start;
    return {
      term: stem(token.text),
      text: token.text,
      start,
      end: quote.start + token.end,
      position,
      asked: askedAt.has(start),
      stop: isStopWord(token.text),
      aside: asides(start),
    };
  });
}

/** For an offset in the quote: the number of the parenthesised aside it is in, 0 outside any. */
function asideOf(text: string, quote: Span): (offset: number) => number {
  const opens: number[] = [];
  const ranges: { start: number; end: number; n: number }[] = [];
  let depth = 0;
  for (let i = quote.start; i < quote.end; i++) {
    const c = text[i];
    if (c === '(' || c === '[') {
      if (depth === 0) opens.push(i);
      depth++;
    } else if ((c === ')' || c === ']') && depth > 0) {
      depth--;
      if (depth === 0) ranges.push({ start: opens.at(-1)!, end: i, n: opens.length });
    }
  }
  return (offset) => ranges.find((r) => r.start < offset && offset < r.end)?.n ?? 0;
}

/**
 * The spans a mark can take: runs of words that are not the question's, within one phrase,
 * outside asides the question's words are not in, trimmed of function words at either end.
 */
function candidateSpans(words: Word[], adjacent: (a: Word, b: Word) => boolean, usable: (w: Word) => boolean): CandidateSpan[] {
  const spans: CandidateSpan[] = [];
  let run: Word[] = [];
  const close = () => {
    while (run.at(-1)?.stop) run.pop();
    if (run.length > 0) {
      const spanWords = run;
      spans.push({ words: spanWords, after: wordsBefore(words, spanWords[0]!, usable) });
    }
    run = [];
  };
  for (const w of words) {
    if (!usable(w)) {
      close();
      continue;
    }
    const last = run.at(-1);
    if (last && (!adjacent(last, w) || run.length >= MAX_WORDS)) close();
    if (run.length > 0 || !w.stop) run.push(w);
  }
  close();
  return spans;
}

/**
 * The words before `first` back to the nearest word that a mark could hold or the question
 * holds, skipping asides and function words ("مصر (رسمياً: …) هي دولة"), that word first.
 * Empty when the nearest is one a mark could hold.
 */
function wordsBefore(words: Word[], first: Word, usable: (w: Word) => boolean): Word[] {
  const between: Word[] = [];
  for (let i = first.position - 1; i >= 0; i--) {
    const w = words[i]!;
    if (w.asked) return [w, ...between];
    if (usable(w) && !w.stop) return [];
    between.push(w);
  }
  return [];
}

/** The words after `last` up to the next question word, skipping function words and asides, that word last; empty when another word comes first. */
function wordsAfter(words: Word[], last: Word): Word[] {
  const between: Word[] = [];
  for (let i = last.position + 1; i < words.length; i++) {
    const w = words[i]!;
    between.push(w);
    if (w.asked) return between;
    if (!w.stop && w.aside === 0) return [];
  }
  return [];
}

/** The question's words that run back from `last` with only function words and asides between them. */
function leadingGroup(words: Word[], last: Word, usable: (w: Word) => boolean): Word[] {
  const group = [last];
  for (let i = last.position - 1; i >= 0; i--) {
    const w = words[i]!;
    if (w.asked) group.push(w);
    else if (!w.stop && usable(w)) break;
  }
  return group;
}

/** Two stems of one word: equal, or one the other with a short suffix (عاصم, عاصمت). */
function sameWord(a: string, b: string): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter === longer || (shorter.length >= 3 && longer.startsWith(shorter) && longer.length - shorter.length <= 2);
}
