/**
 * The character layer every filter of src/arabic builds on, and the only place that knows code
 * points: how each UTF-16 code unit folds under search normalisation, what class it has for
 * tokenising and sentence splitting, and what counts as blank. Built once at load, as 64K tables,
 * so the hot loops are table look-ups over charCodeAt; no regex runs per character.
 *
 * Folding removes Arabic diacritics and every other Arabic combining mark (U+0610–061A,
 * U+064B–065F, U+0670, Quranic marks U+06D6–06ED), tatweel, zero-width and bidi controls, soft
 * hyphen, BOM; maps أ إ آ ٱ → ا; ى ئ ی → ي; ة → ه; ؤ → و; ک → ك; Arabic-Indic and Persian digits →
 * ASCII; ٫ → '.', ٬ → ','; presentation forms → base letters (NFKC); Latin lowercased. Everything
 * else (punctuation, spaces) is kept, so offsets stay meaningful.
 */
import { DIGIT_RUNS, LETTER_RUNS, MARK_RUNS } from './unicode-runs.ts';

/** Per-code-unit actions of the search folding. */
export const ACTION_KEEP = 0;
export const ACTION_REPLACE = 1;
export const ACTION_REMOVE = 2;
export const ACTION_EXPAND = 3;
type CharAction = typeof ACTION_KEEP | typeof ACTION_REPLACE | typeof ACTION_REMOVE | typeof ACTION_EXPAND;

/** Action per UTF-16 code unit (ACTION_*). */
export const CHAR_ACTION = new Uint8Array(0x10000);
/** Replacement code unit for ACTION_REPLACE. */
export const CHAR_REPLACEMENT = new Uint16Array(0x10000);
/** Replacement text for ACTION_EXPAND (already fully folded). */
export const CHAR_EXPANSION = new Map<number, string>();

const ALEF = 0x0627;
const YEH = 0x064a;
const HEH = 0x0647;
const WAW = 0x0648;
const KAF = 0x0643;

/** Alef with hamza above or below, with madda, wasla: folded to bare alef (ا). */
export const ALEF_VARIANTS = [0x0622, 0x0623, 0x0625, 0x0671] as const;

/** Arabic harakat, tanwin, shadda, sukun, the other combining marks, Quranic marks, and tatweel. */
export function isArabicMarkOrTatweel(c: number): boolean {
  return (
    (c >= 0x0610 && c <= 0x061a) ||
    (c >= 0x064b && c <= 0x065f) ||
    c === 0x0670 ||
    c === 0x0640 ||
    (c >= 0x06d6 && c <= 0x06ed) ||
    (c >= 0xfe70 && c <= 0xfe7f)
  );
}

/** Invisible format characters: zero-width, bidi controls, Arabic letter mark, soft hyphen, BOM. */
const INVISIBLE_FORMAT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x2069],
  [0x061c, 0x061c],
  [0x00ad, 0x00ad],
  [0xfeff, 0xfeff],
];

const INVISIBLE_FORMAT = new Uint8Array(0x10000);
for (const [from, to] of INVISIBLE_FORMAT_RANGES) INVISIBLE_FORMAT.fill(1, from, to + 1);

export function isInvisibleFormat(c: number): boolean {
  return INVISIBLE_FORMAT[c] === 1;
}

/** Line terminators: LF, CR, VT, FF, NEL, line and paragraph separators. */
export function isLineBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** White space: ASCII controls and space, NBSP, the Unicode space separators, and the line terminators. */
export function isWhitespace(c: number): boolean {
  return (
    c <= 0x20 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** What text is trimmed of and what separates words: white space and invisible format characters. */
export function isBlank(c: number): boolean {
  return isWhitespace(c) || isInvisibleFormat(c);
}

/** The code units folding does not keep, so the class table visits those rather than all 64K. */
const FOLDED: number[] = [];

function setAction(code: number, action: CharAction): void {
  CHAR_ACTION[code] = action;
  FOLDED.push(code);
}

function setRange(from: number, to: number, action: CharAction): void {
  for (let c = from; c <= to; c++) setAction(c, action);
}

function setReplacement(code: number, replacement: number): void {
  setAction(code, ACTION_REPLACE);
  CHAR_REPLACEMENT[code] = replacement;
}

function buildFoldingTable(): void {
  // Latin (and the other bicameral scripts below U+0530) lowercased where that stays 1:1.
  for (let c = 0x41; c <= 0x5a; c++) setReplacement(c, c + 32);
  const lowerRanges: Array<[number, number]> = [
    [0xc0, 0x052f],
    [0x1e00, 0x1fff],
  ];
  for (const [from, to] of lowerRanges) {
    for (let c = from; c <= to; c++) {
      const lower = String.fromCharCode(c).toLowerCase();
      if (lower.length === 1 && lower.charCodeAt(0) !== c) setReplacement(c, lower.charCodeAt(0));
    }
  }
  setReplacement(0x0130, 0x69); // İ lowercases to i + combining dot; keep it 1:1

  // Arabic combining marks: harakat, tanwin, shadda, sukun, superscript alef, the combining
  // hamza/madda of decomposed text (so NFD أ = ا + U+0654 meets ا), Quranic annotation marks.
  // Left in, any of these would split a word in two at tokenisation.
  setRange(0x0610, 0x061a, ACTION_REMOVE);
  setRange(0x064b, 0x065f, ACTION_REMOVE);
  setRange(0x0670, 0x0670, ACTION_REMOVE);
  setRange(0x06d6, 0x06dc, ACTION_REMOVE);
  setRange(0x06df, 0x06e8, ACTION_REMOVE);
  setRange(0x06ea, 0x06ed, ACTION_REMOVE);
  setRange(0x0640, 0x0640, ACTION_REMOVE); // tatweel
  // By range, not by testing all 64K code units: that loop, run once and so never optimised, cost ~10 ms at every start.
  for (const [from, to] of INVISIBLE_FORMAT_RANGES) setRange(from, to, ACTION_REMOVE);

  for (const c of [...ALEF_VARIANTS, 0x0672, 0x0673]) setReplacement(c, ALEF);
  setReplacement(0x0649, YEH); // ى
  setReplacement(0x0626, YEH); // ئ
  setReplacement(0x06cc, YEH); // Farsi yeh, common in text typed on Persian layouts
  setReplacement(0x0629, HEH); // ة
  setReplacement(0x06c0, HEH); // ۀ
  setReplacement(0x06c3, HEH); // ۃ
  setReplacement(0x0624, WAW); // ؤ
  setReplacement(0x06a9, KAF); // keheh
  for (let d = 0; d <= 9; d++) {
    setReplacement(0x0660 + d, 0x30 + d);
    setReplacement(0x06f0 + d, 0x30 + d);
  }
  setReplacement(0x066b, 0x2e); // Arabic decimal separator → '.'
  setReplacement(0x066c, 0x2c); // Arabic thousands separator → ','

  // Presentation forms → NFKC base letters, then through the table above (ﺃ → أ → ا).
  const presentationRanges: Array<[number, number]> = [
    [0xfb50, 0xfdff],
    [0xfe70, 0xfefe],
  ];
  for (const [from, to] of presentationRanges) {
    for (let c = from; c <= to; c++) {
      const ch = String.fromCharCode(c);
      const decomposed = ch.normalize('NFKC');
      if (decomposed === ch) continue;
      let mapped = '';
      for (let i = 0; i < decomposed.length; i++) {
        const d = decomposed.charCodeAt(i);
        const action = CHAR_ACTION[d];
        if (action === ACTION_KEEP) mapped += decomposed[i];
        else if (action === ACTION_REPLACE) mapped += String.fromCharCode(CHAR_REPLACEMENT[d]!);
      }
      // Isolated harakat forms decompose to space + mark: they are diacritics, drop them whole.
      if (mapped.trim() === '') setAction(c, ACTION_REMOVE);
      else if (mapped.length === 1) setReplacement(c, mapped.charCodeAt(0));
      else {
        setAction(c, ACTION_EXPAND);
        CHAR_EXPANSION.set(c, mapped);
      }
    }
  }
}

buildFoldingTable();

/**
 * Classes of a UTF-16 code unit of the ORIGINAL text, describing what it becomes after folding,
 * so the tokenizer and the sentence splitter can run on the input directly.
 */
export const CLASS = {
  SEPARATOR: 0,
  LETTER: 1,
  DIGIT: 2,
  /** A combining mark kept by folding (non-Arabic scripts): continues a letter run. */
  MARK: 3,
  /** '.' or ',' (or ٫ ٬): part of a number when between two digits. */
  NUMBER_SEPARATOR: 4,
  /** Removed by folding and visibly attached to a letter (harakat, tatweel): inside a token, and a trailing one is part of its surface form. */
  DIACRITIC: 5,
  /** Removed by folding and invisible (bidi controls, zero-width chars): transparent. */
  INVISIBLE: 6,
  /** Expands to several characters (presentation-form ligatures): handled on the folded text. */
  EXPANDS: 7,
  /** High surrogate: the class depends on the code point. */
  HIGH_SURROGATE: 8,
} as const;
const CLASS_MASK = 0x0f;
/** Set in classTable() when folding changes the char, so a token containing it must be folded. */
export const CHANGED = 0x10;

let classes: Uint8Array | undefined;

/**
 * Class (low 4 bits, see charClass) and CHANGED flag per UTF-16 code unit. Built on first use,
 * so a command that analyses no text, such as \`isnad articles\` with the index up to date, does
 * not pay for it.
 */
export function classTable(): Uint8Array {
  classes ??= buildClassTable();
  return classes;
}

/** The class (CLASS.*) of a UTF-16 code unit. */
export function charClass(c: number): number {
  return classTable()[c]! & CLASS_MASK;
}

function buildClassTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  const baseClass = new Uint8Array(0x10000);
  // \p{L}, \p{M}, \p{Nd} over the BMP, generated (matching them here took 40-70 ms at each start).
  const mark = (runs: readonly number[], cls: number): void => {
    for (let i = 0; i < runs.length; i += 2) baseClass.fill(cls, runs[i]!, runs[i + 1]! + 1);
  };
  mark(LETTER_RUNS, CLASS.LETTER);
  mark(MARK_RUNS, CLASS.MARK);
  mark(DIGIT_RUNS, CLASS.DIGIT);
  baseClass[0x2e] = CLASS.NUMBER_SEPARATOR;
  baseClass[0x2c] = CLASS.NUMBER_SEPARATOR;
  baseClass.fill(CLASS.HIGH_SURROGATE, 0xd800, 0xdc00);

  // A code unit folding keeps has its own class; the others are set below (a loop over all 64K,
  // run once and so never optimised, took ~8 ms of every `isnad ask`).
  table.set(baseClass);
  for (const c of FOLDED) {
    const action = CHAR_ACTION[c];
    if (action === ACTION_KEEP) table[c] = baseClass[c]!;
    else if (action === ACTION_REPLACE) table[c] = baseClass[CHAR_REPLACEMENT[c]!]! | CHANGED;
    else if (action === ACTION_REMOVE) table[c] = (isArabicMarkOrTatweel(c) ? CLASS.DIACRITIC : CLASS.INVISIBLE) | CHANGED;
    else if (action === ACTION_EXPAND) table[c] = CLASS.EXPANDS | CHANGED;
  }
  return table;
}

/** Arabic letters, U+0621–U+06FF, that the class table counts as letters. */
export function isArabicLetter(c: number): boolean {
  return c >= 0x0621 && c <= 0x06ff && charClass(c) === CLASS.LETTER;
}
