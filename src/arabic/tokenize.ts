import {
  ACTION_EXPAND,
  ACTION_KEEP,
  ACTION_REMOVE,
  ACTION_REPLACE,
  CHAR_ACTION,
  CHAR_REPLACEMENT,
  normalize,
  normalizeArabic,
} from './normalize.ts';

export interface Token {
  /** The normalised token. */
  text: string;
  /** [start, end): offsets in the original input; input.slice(start, end) is the surface form. */
  start: number;
  end: number;
}

/**
 * Character classes of a UTF-16 code unit of the ORIGINAL text, describing what it becomes
 * after normalisation, so the tokenizer can run on the input directly (no normalised copy,
 * no offset map) and normalise only the tokens that need it.
 */
const SEPARATOR = 0;
const LETTER = 1;
const DIGIT = 2;
/** A combining mark kept by normalisation (non-Arabic scripts): continues a letter run. */
const MARK = 3;
/** '.' or ',' (or ٫ ٬): part of a number when between two digits. */
const NUMBER_SEPARATOR = 4;
/** Removed by normalisation and visibly attached to a letter (harakat, tatweel): inside a token, and a trailing one is part of its surface form. */
const DIACRITIC = 5;
/** Removed by normalisation and invisible (bidi controls, zero-width chars): transparent. */
const INVISIBLE = 6;
/** Expands to several characters (presentation-form ligatures): handled on the normalised text. */
const EXPANDS = 7;
/** High surrogate: the class depends on the code point. */
const HIGH_SURROGATE = 8;
const CLASS_MASK = 0x0f;
/** Set when normalisation changes the char, so a token containing it must be normalised. */
const CHANGED = 0x10;

/** @internal Class (low 4 bits) and CHANGED flag per UTF-16 code unit; shared with sentences.ts. */
export const CHAR_CLASS = new Uint8Array(0x10000);
/** @internal */
export const CLASS = { SEPARATOR, LETTER, DIGIT, MARK, NUMBER_SEPARATOR, DIACRITIC, INVISIBLE, EXPANDS, HIGH_SURROGATE, CLASS_MASK } as const;

const ASTRAL_LETTER = /^\p{L}$/u;
const ASTRAL_MARK = /^\p{M}$/u;
const ASTRAL_DIGIT = /^\p{Nd}$/u;

function isArabicMarkOrTatweel(c: number): boolean {
  return (c >= 0x0610 && c <= 0x061a) || (c >= 0x064b && c <= 0x065f) || c === 0x0670 || c === 0x0640 ||
    (c >= 0x06d6 && c <= 0x06ed) || (c >= 0xfe70 && c <= 0xfe7f);
}

function buildClassTable(): void {
  const baseClass = new Uint8Array(0x10000);
  const codes = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) codes[c] = c >= 0xd800 && c <= 0xdfff ? 0x20 : c;
  let all = '';
  for (let c = 0; c < 0x10000; c += 0x1000) all += String.fromCharCode(...codes.subarray(c, c + 0x1000));
  const mark = (re: RegExp, cls: number): void => {
    for (const m of all.matchAll(re)) {
      for (let k = m.index; k < m.index + m[0].length; k++) baseClass[k] = cls;
    }
  };
  mark(/\p{L}+/gu, LETTER);
  mark(/\p{M}+/gu, MARK);
  mark(/\p{Nd}+/gu, DIGIT);
  baseClass[0x2e] = NUMBER_SEPARATOR;
  baseClass[0x2c] = NUMBER_SEPARATOR;
  for (let c = 0xd800; c <= 0xdbff; c++) baseClass[c] = HIGH_SURROGATE;

  for (let c = 0; c < 0x10000; c++) {
    const action = CHAR_ACTION[c];
    if (action === ACTION_KEEP) CHAR_CLASS[c] = baseClass[c]!;
    else if (action === ACTION_REPLACE) CHAR_CLASS[c] = baseClass[CHAR_REPLACEMENT[c]!]! | CHANGED;
    else if (action === ACTION_REMOVE) CHAR_CLASS[c] = (isArabicMarkOrTatweel(c) ? DIACRITIC : INVISIBLE) | CHANGED;
    else if (action === ACTION_EXPAND) CHAR_CLASS[c] = EXPANDS | CHANGED;
  }
}

buildClassTable();

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
  const n = s.length;
  let i = 0;
  while (i < n) {
    let code = CHAR_CLASS[s.charCodeAt(i)]!;
    let cls = code & CLASS_MASK;
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
        const next = CHAR_CLASS[s.charCodeAt(j)]!;
        let nextClass = next & CLASS_MASK;
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
        const next = CHAR_CLASS[s.charCodeAt(j)]!;
        const nextClass = next & CLASS_MASK;
        if (nextClass === DIGIT) {
          j++;
          end = j;
        } else if (nextClass === NUMBER_SEPARATOR && j + 1 < n &&
          (CHAR_CLASS[s.charCodeAt(j + 1)]! & CLASS_MASK) === DIGIT) {
          changed ||= ((next | CHAR_CLASS[s.charCodeAt(j + 1)]!) & CHANGED) !== 0;
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

/** @internal Receives each token: normalised text and [start, end) in the original input. */
export type TokenVisitor = (text: string, start: number, end: number) => void;

/** Presentation-form ligatures are the only chars that expand; they all lie at or above U+FB50. */
function hasExpandingChar(input: string): boolean {
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 0xfb50 && (CHAR_CLASS[c]! & CLASS_MASK) === EXPANDS) return true;
  }
  return false;
}

/**
 * @internal Visits the tokens of input in order; returns the token count. tokenize and analyze
 * both use it, so analyze allocates no Token objects.
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
      const cls = CHAR_CLASS[input.charCodeAt(k)]! & CLASS_MASK;
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
