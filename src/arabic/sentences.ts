import { isSpelledLatinLetter, LATIN_ABBREVIATIONS } from './abbreviations.ts';
import { CLASS, charClass, isArabicLetter, isBlank, isLineBreak } from './characters.ts';

export interface Span {
  start: number;
  end: number;
}

export interface SentenceOptions {
  /** Sentences longer than this are split at the comma nearest their middle (default 600). */
  maxChars?: number;
}

const DEFAULT_MAX_CHARS = 600;

function isHorizontalBlank(c: number): boolean {
  return isBlank(c) && !isLineBreak(c);
}

const FULL_STOP = 0x2e;
const ELLIPSIS = 0x2026;

/** . ! ? ؟ ؛ ; … and the Urdu full stop ۔, plus ‼ ⁇ ⁈ ⁉. */
function isTerminator(c: number): boolean {
  return (
    c === FULL_STOP ||
    c === 0x21 ||
    c === 0x3f ||
    c === 0x061f ||
    c === 0x061b ||
    c === 0x3b ||
    c === ELLIPSIS ||
    c === 0x06d4 ||
    c === 0x203c ||
    (c >= 0x2047 && c <= 0x2049)
  );
}

/** Closing quotes and brackets that stay with the sentence they close. */
function isCloser(c: number): boolean {
  return c === 0xbb || c === 0x203a || c === 0x201d || c === 0x2019 || c === 0x22 || c === 0x27 || c === 0x29 || c === 0x5d || c === 0x7d;
}

/** “ and «: quotation marks that open (the straight " both opens and closes, so it cannot tell). */
function isQuotationOpener(c: number): boolean {
  return c === 0x201c || c === 0xab;
}

function isQuotationCloser(c: number): boolean {
  return c === 0x201d || c === 0xbb;
}

/** A quotation spanning sentences is kept whole only up to this many characters after the stop. */
const QUOTATION_REACH = 300;

/** Whether a closing quotation mark comes within QUOTATION_REACH characters of `from`, on the same line. */
function quotationClosesSoon(text: string, from: number, to: number): boolean {
  const limit = Math.min(to, from + QUOTATION_REACH);
  for (let k = from; k < limit; k++) {
    const c = text.charCodeAt(k);
    if (isQuotationCloser(c)) return true;
    if (isLineBreak(c) || isQuotationOpener(c)) return false;
  }
  return false;
}

/** After a terminator (and closers), these mean the sentence goes on: «...؟»، قال */
function continuesSentence(c: number): boolean {
  return c === 0x060c || c === 0x2c || c === 0x3a || c === 0x29 || c === 0x5d;
}

function isLatinLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f);
}

function isLetter(c: number): boolean {
  const cls = charClass(c);
  return cls === CLASS.LETTER || cls === CLASS.HIGH_SURROGATE;
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isDigit(c: number): boolean {
  return charClass(c) === CLASS.DIGIT;
}

/**
 * Whether the '.' at index i ends a sentence. The text before it within the current sentence
 * starts at sentenceStart.
 */
function fullStopEndsSentence(text: string, i: number, sentenceStart: number, to: number): boolean {
  const next = i + 1 < to ? text.charCodeAt(i + 1) : -1;

  // The word before the dot (skipping diacritics and tatweel, which may follow its last letter).
  let p = i - 1;
  while (p >= sentenceStart && charClass(text.charCodeAt(p)) === CLASS.DIACRITIC) p--;
  const last = p;
  let letters = 0;
  while (p >= sentenceStart) {
    const cls = charClass(text.charCodeAt(p));
    if (cls === CLASS.LETTER) letters++;
    else if (cls !== CLASS.DIACRITIC && cls !== CLASS.MARK) break;
    p--;
  }
  const wordStart = p + 1;
  const lastChar = last >= sentenceStart ? text.charCodeAt(last) : -1;

  const wordBefore = text.slice(wordStart, last + 1);
  if (next >= 0 && (isLetter(next) || isDigit(next))) {
    // "3.5", "24.08.2016", "U.S", "google.com": inside a token. But a dot glued between two
    // Arabic words ("الروسية.جمال") is a missing space, unless both spell Latin letters ("إم.اتش").
    if (!(isArabicLetter(next) && letters >= 2 && isArabicLetter(lastChar))) return false;
    return !(isSpelledLatinLetter(wordBefore) && isSpelledLatinLetter(wordAfter(text, i + 1, to)));
  }

  if (letters === 1) {
    if (isLatinLetter(lastChar)) {
      // Initials (U.S. / John F. Kennedy) unless the next word is not Latin ("كروموسوم Y. البظر").
      return !nextWordIsLatin(text, i + 1, to);
    }
    // "د. محمد", "م." are abbreviations, but an era or unit letter after a number ends the
    // sentence as often as not: "سنة 960م.", "221 ق.م.", "52 ق هـ."
    return followsNumber(text, wordStart - 1, sentenceStart);
  }

  if (letters >= 2 && isLatinLetter(lastChar)) {
    if (LATIN_ABBREVIATIONS.has(wordBefore.toLowerCase()) && nextWordIsLatin(text, i + 1, to)) return false;
  }

  // "بي. بي. سي": a spelled Latin letter followed by another.
  if (letters >= 2 && isSpelledLatinLetter(wordBefore) && isSpelledLatinLetter(wordAfter(text, skipBlanks(text, i + 1, to), to)))
    return false;

  if (letters === 0 && isAsciiDigit(lastChar)) {
    // A list number at the start of a line: "1. ..."
    let q = sentenceStart;
    while (q < i && isBlank(text.charCodeAt(q))) q++;
    let digits = 0;
    while (q < i && isAsciiDigit(text.charCodeAt(q))) {
      q++;
      digits++;
    }
    if (q === i && digits <= 3) return false;
  }
  return true;
}

function skipBlanks(text: string, from: number, to: number): number {
  let k = from;
  while (k < to && isHorizontalBlank(text.charCodeAt(k))) k++;
  return k;
}

/** The letters (and diacritics) from `from` on. */
function wordAfter(text: string, from: number, to: number): string {
  let k = from;
  while (k < to) {
    const cls = charClass(text.charCodeAt(k));
    if (cls !== CLASS.LETTER && cls !== CLASS.DIACRITIC && cls !== CLASS.MARK) break;
    k++;
  }
  return text.slice(from, k);
}

function nextWordIsLatin(text: string, from: number, to: number): boolean {
  const k = skipBlanks(text, from, to);
  if (k >= to) return false;
  const c = text.charCodeAt(k);
  return isLatinLetter(c) || isAsciiDigit(c);
}

/** Walks back from index p over blanks, dots and one-letter words (ق.م / ق هـ) looking for a digit. */
function followsNumber(text: string, p: number, sentenceStart: number): boolean {
  const limit = Math.max(sentenceStart, p - 12);
  while (p >= limit) {
    const c = text.charCodeAt(p);
    if (isDigit(c)) return true;
    if (isBlank(c) || c === FULL_STOP || charClass(c) === CLASS.DIACRITIC) {
      p--;
      continue;
    }
    if (isLetter(c) && (p === sentenceStart || !isLetter(text.charCodeAt(p - 1)))) {
      p--;
      continue;
    }
    return false;
  }
  return false;
}

function hasLetterOrDigit(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const cls = charClass(text.charCodeAt(k));
    if (cls === CLASS.LETTER || cls === CLASS.DIGIT || cls === CLASS.HIGH_SURROGATE) return true;
  }
  return false;
}

function hasLineBreak(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (isLineBreak(text.charCodeAt(k))) return true;
  return false;
}

/** A comma that separates clauses, not digits (1,000). */
function isClauseComma(text: string, k: number): boolean {
  const c = text.charCodeAt(k);
  if (c === 0x060c) return true;
  if (c !== 0x2c) return false;
  return !(k > 0 && isDigit(text.charCodeAt(k - 1)) && k + 1 < text.length && isDigit(text.charCodeAt(k + 1)));
}

/**
 * Splits text.slice(from, to) into sentences: spans in original offsets, trimmed of blanks,
 * never empty, in order, non-overlapping. Splits after . ! ? ؟ ؛ ; (with any closing quotes or
 * brackets right after them) and at line breaks. Does not split inside numbers (3.5,
 * 24.08.2016), after initials and abbreviations (د. محمد, U.S.), at ellipses (... …), inside
 * a bracketed aside that opened mid-sentence, or when a comma or colon follows the closing
 * quote («...؟»، قال). A dot glued between two Arabic words ("الروسية.جمال") is taken as a
 * missing space and splits. A fragment without any letter or digit is attached to the
 * sentence before it on the same line, or dropped. Sentences longer than options.maxChars are
 * cut at the clause comma (or else the blank) nearest their middle.
 */
export function splitSentences(text: string, from = 0, to = text.length, options: SentenceOptions = {}): Span[] {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  from = Math.max(0, Math.min(from, text.length));
  to = Math.max(from, Math.min(to, text.length));
  const spans: Span[] = [];

  let sentenceStart = from;
  let bracketDepth = 0;
  let bracketOpenedAt = -1;
  let quotationOpened = false;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (isLineBreak(c)) {
      pushSentence(text, sentenceStart, i, maxChars, spans);
      sentenceStart = i + 1;
      bracketDepth = 0;
      quotationOpened = false;
      i++;
      continue;
    }
    if (!isTerminator(c)) {
      if (c === 0x28 || c === 0x5b) {
        if (bracketDepth++ === 0) bracketOpenedAt = i;
      } else if ((c === 0x29 || c === 0x5d) && bracketDepth > 0) {
        bracketDepth--;
      } else if (isQuotationOpener(c)) {
        quotationOpened = true;
      } else if (isQuotationCloser(c)) {
        quotationOpened = false;
      }
      i++;
      continue;
    }
    const run = readTerminatorRun(text, i, to);
    // Inside brackets that opened mid-sentence, a terminator belongs to the aside:
    // "اليابان (... أو الأصل.) بلد"، "(بالتركية العثمانية: ...؛ بالتركية: ...)"
    const inAside = bracketDepth > 0 && (run.semicolon || run.closesBracket) && hasLetterOrDigit(text, sentenceStart, bracketOpenedAt);
    // Inside a quotation that closes soon on the same line, a terminator belongs to the quoted words:
    // split there, and the next sentence would start with a stray closing mark (“… أولى. ثانية”.).
    const inQuotation = quotationOpened && !run.closesQuotation && quotationClosesSoon(text, run.end, to);
    const splitsHere =
      !inAside &&
      !inQuotation &&
      (run.strong || run.semicolon || (run.singleDot && fullStopEndsSentence(text, i, sentenceStart, to))) &&
      !(run.next < to && continuesSentence(text.charCodeAt(run.next)));
    if (!splitsHere) {
      // Let the closers after the run go through the loop, so bracket depth stays right.
      i = run.terminatorsEnd;
      continue;
    }
    pushSentence(text, sentenceStart, run.end, maxChars, spans);
    sentenceStart = run.end;
    bracketDepth = 0;
    quotationOpened = false;
    i = run.end;
  }
  pushSentence(text, sentenceStart, to, maxChars, spans);
  return spans;
}

/** A run of terminators, the closing quotes and brackets after it, and what kind of stop it is. */
interface TerminatorRun {
  /** Just after the last terminator of the run itself. */
  terminatorsEnd: number;
  /** Just after the closers (and further terminators) that follow: where the sentence would end. */
  end: number;
  /** The first character after `end` that is not a blank on the same line. */
  next: number;
  /** ! ? ؟ ‼ ⁇ ⁈ ⁉ ۔ in the run: a sentence end whatever else it holds. */
  strong: boolean;
  /** ; or ؛ in the run. */
  semicolon: boolean;
  /** The run is one full stop and no ellipsis: a sentence end unless fullStopEndsSentence says otherwise. */
  singleDot: boolean;
  /** A ) or ] among the closers. */
  closesBracket: boolean;
  /** A closing quotation mark (” or ») among the closers. */
  closesQuotation: boolean;
}

function readTerminatorRun(text: string, i: number, to: number): TerminatorRun {
  let terminatorsEnd = i;
  let dots = 0;
  let ellipsis = false;
  let strong = false;
  let semicolon = false;
  while (terminatorsEnd < to && isTerminator(text.charCodeAt(terminatorsEnd))) {
    const t = text.charCodeAt(terminatorsEnd);
    if (t === FULL_STOP) dots++;
    else if (t === ELLIPSIS) ellipsis = true;
    else if (t === 0x061b || t === 0x3b) semicolon = true;
    else strong = true;
    terminatorsEnd++;
  }
  let end = terminatorsEnd;
  let closesBracket = false;
  let closesQuotation = false;
  while (end < to && (isCloser(text.charCodeAt(end)) || isTerminator(text.charCodeAt(end)))) {
    const t = text.charCodeAt(end);
    if (t === 0x29 || t === 0x5d) closesBracket = true;
    else if (isQuotationCloser(t)) closesQuotation = true;
    end++;
  }
  let next = end;
  while (next < to && isHorizontalBlank(text.charCodeAt(next))) next++;
  return { terminatorsEnd, end, next, strong, semicolon, singleDot: dots === 1 && !ellipsis, closesBracket, closesQuotation };
}

/**
 * Adds text.slice(rawStart, rawEnd), trimmed of blanks, as a sentence (cut by splitLong when too long). A fragment
 * without any letter or digit joins the sentence before it on the same line, or is dropped.
 */
function pushSentence(text: string, rawStart: number, rawEnd: number, maxChars: number, spans: Span[]): void {
  let start = rawStart;
  let end = rawEnd;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  if (start === end) return;
  if (!hasLetterOrDigit(text, start, end)) {
    const previous = spans[spans.length - 1];
    if (previous && !hasLineBreak(text, previous.end, start)) previous.end = end;
    return;
  }
  splitLong(text, start, end, maxChars, spans);
}

/** Pushes [start, end) (already trimmed), halving it at clause commas while longer than maxChars. */
function splitLong(text: string, start: number, end: number, maxChars: number, out: Span[]): void {
  if (end - start <= maxChars) {
    out.push({ start, end });
    return;
  }
  const middle = (start + end) >> 1;
  let cut = -1;
  for (let d = 0; d < middle - start && cut < 0; d++) {
    if (middle + d < end - 1 && isClauseComma(text, middle + d)) cut = middle + d + 1;
    else if (middle - d > start && isClauseComma(text, middle - d)) cut = middle - d + 1;
  }
  if (cut < 0) {
    for (let d = 0; d < middle - start && cut < 0; d++) {
      if (middle + d < end - 1 && isBlank(text.charCodeAt(middle + d))) cut = middle + d;
      else if (middle - d > start && isBlank(text.charCodeAt(middle - d))) cut = middle - d;
    }
  }
  if (cut <= start || cut >= end) {
    out.push({ start, end });
    return;
  }
  let leftEnd = cut;
  while (leftEnd > start && isBlank(text.charCodeAt(leftEnd - 1))) leftEnd--;
  let rightStart = cut;
  while (rightStart < end && isBlank(text.charCodeAt(rightStart))) rightStart++;
  splitLong(text, start, leftEnd, maxChars, out);
  if (rightStart < end) splitLong(text, rightStart, end, maxChars, out);
}
