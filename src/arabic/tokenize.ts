import { CHANGED, CLASS, charClass, classTable } from './characters.ts';
import { normalize, normalizeArabic } from './normalize.ts';

export interface Token {
  /** The normalised token. */
  text: string;
  /** [start, end): offsets in the original input; input.slice(start, end) is the surface form. */
  start: number;
  end: number;
}

const { SEPARATOR, LETTER, DIGIT, MARK, NUMBER_SEPARATOR, DIACRITIC, INVISIBLE, EXPANDS, HIGH_SURROGATE } = CLASS;

const ASTRAL_LETTER = /^\p{L}$/u;
const ASTRAL_MARK = /^\p{M}$/u;
const ASTRAL_DIGIT = /^\p{Nd}$/u;

/** Code units taken by the char at a high surrogate: 2, or 1 if the surrogate is lone. */
function surrogateWidth(input: string, i: number): number {
  return input.codePointAt(i)! > 0xffff ? 2 : 1;
}

/** Class (LETTER, MARK, DIGIT or SEPARATOR) of the code point at a high surrogate; a lone surrogate is a SEPARATOR. */
function astralClass(input: string, i: number): number {
  const ch = String.fromCodePoint(input.codePointAt(i)!);
  if (ch.length === 1) return SEPARATOR;
  if (ASTRAL_LETTER.test(ch)) return LETTER;
  if (ASTRAL_MARK.test(ch)) return MARK;
  if (ASTRAL_DIGIT.test(ch)) return DIGIT;
  return SEPARATOR;
}

/** Receives each token as [start, end) of the scanned string and whether it needs normalising. */
type TokenSink = (start: number, end: number, changed: boolean) => void;

/**
 * Scans the letter runs and digit runs of s (the input, or its normalised text). s must not
 * contain chars that expand under normalisation: those are skipped like separators.
 */
function scan(s: string, emit: TokenSink): void {
  const classes = classTable();
  const n = s.length;
  let i = 0;
  while (i < n) {
    let code = classes[s.charCodeAt(i)]!;
    let cls = charClass(s.charCodeAt(i));
    let width = 1;
    if (cls === HIGH_SURROGATE) {
      cls = astralClass(s, i);
      width = surrogateWidth(s, i);
      code = cls;
    }
    if (cls !== LETTER && cls !== DIGIT) {
      i += width;
      continue;
    }
    const start = i;
    let changed = (code & CHANGED) !== 0;
    let j = i + width;
    let end = j;
    if (cls === LETTER) {
      while (j < n) {
        const next = classes[s.charCodeAt(j)]!;
        let nextClass = charClass(s.charCodeAt(j));
        let nextWidth = 1;
        if (nextClass === HIGH_SURROGATE) {
          nextClass = astralClass(s, j);
          nextWidth = surrogateWidth(s, j);
        }
        if (nextClass === LETTER || nextClass === MARK || nextClass === DIACRITIC) {
          j += nextWidth;
          end = j;
        } else if (nextClass === INVISIBLE) {
          j++;
        } else {
          break;
        }
        if ((next & CHANGED) !== 0) changed = true;
      }
    } else {
      while (j < n) {
        const next = classes[s.charCodeAt(j)]!;
        const nextClass = charClass(s.charCodeAt(j));
        if (nextClass === DIGIT) {
          j++;
          end = j;
        } else if (nextClass === NUMBER_SEPARATOR && j + 1 < n && charClass(s.charCodeAt(j + 1)) === DIGIT) {
          changed ||= ((next | classes[s.charCodeAt(j + 1)]!) & CHANGED) !== 0;
          j += 2;
          end = j;
          continue;
        } else if (nextClass === DIACRITIC) {
          j++;
          end = j;
        } else if (nextClass === INVISIBLE) {
          j++;
        } else {
          break;
        }
        if ((next & CHANGED) !== 0) changed = true;
      }
    }
    emit(start, end, changed);
    i = j;
  }
}

/** Receives each token: normalised text and [start, end) in the original input. */
export type TokenVisitor = (text: string, start: number, end: number) => void;

/** Presentation-form ligatures are the only chars that expand; they all lie at or above U+FB50. */
function hasExpandingChar(input: string): boolean {
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 0xfb50 && charClass(c) === EXPANDS) return true;
  }
  return false;
}

/**
 * Visits the tokens of input in order (what tokenize returns, without allocating Token objects);
 * returns the token count.
 */
export function visitTokens(input: string, visit: TokenVisitor): number {
  if (hasExpandingChar(input)) return visitTokensViaNormalized(input, visit);
  let count = 0;
  scan(input, (start, end, changed) => {
    count++;
    const surface = input.slice(start, end);
    visit(changed ? normalizeArabic(surface) : surface, start, end);
  });
  return count;
}

/**
 * @internal Tokenises via the normalised text and its offset map: the reference behaviour.
 * visitTokens uses it only for inputs with expanding ligatures (rare); tests compare the
 * direct scan against it.
 */
export function visitTokensViaNormalized(input: string, visit: TokenVisitor): number {
  const normalized = normalize(input);
  const text = normalized.text;
  const toOriginal = normalized.toOriginal;
  const n = input.length;
  let count = 0;
  scan(text, (start, end) => {
    count++;
    let originalEnd = toOriginal[end - 1]! + 1;
    // A trailing diacritic or tatweel belongs to the surface form (as in the direct scan).
    for (let k = originalEnd; k < n; k++) {
      const cls = charClass(input.charCodeAt(k));
      if (cls === DIACRITIC) originalEnd = k + 1;
      else if (cls !== INVISIBLE) break;
    }
    visit(text.slice(start, end), toOriginal[start]!, originalEnd);
  });
  return count;
}

/**
 * Splits input into runs of letters and runs of digits (a digit run keeps internal '.', ',',
 * '٫', '٬' between digits: 3.5, 1,000, 24.08.2016). Letters and digits are separate tokens
 * even when glued (إس400 → اس, 400); everything else separates.
 */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  visitTokens(input, (text, start, end) => {
    tokens.push({ text, start, end });
  });
  return tokens;
}
