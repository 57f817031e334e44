/**
 * Arabic search normalisation with an offset map back to the input: the folding of
 * characters.ts (see there for what is removed and mapped) applied to a string.
 */
import {
  ACTION_EXPAND,
  ACTION_KEEP,
  ACTION_REMOVE,
  ACTION_REPLACE,
  ALEF_VARIANTS,
  CHAR_ACTION,
  CHAR_EXPANSION,
  CHAR_REPLACEMENT,
  isArabicMarkOrTatweel,
  isBlank,
} from './characters.ts';

export interface NormalizedText {
  text: string;
  /** toOriginal[i] = index in the input of the char that produced text[i]; toOriginal[text.length] = input.length. */
  toOriginal: number[];
}

/** Search normalisation (see module doc); same result as normalize(input).text without building the map. */
export function normalizeArabic(input: string): string {
  const n = input.length;
  let i = 0;
  // Fast scan: most inputs that need nothing return as is.
  while (i < n && CHAR_ACTION[input.charCodeAt(i)] === ACTION_KEEP) i++;
  if (i === n) return input;
  let out = input.slice(0, i);
  let runStart = i;
  for (; i < n; i++) {
    const c = input.charCodeAt(i);
    const action = CHAR_ACTION[c];
    if (action === ACTION_KEEP) continue;
    if (runStart < i) out += input.slice(runStart, i);
    runStart = i + 1;
    if (action === ACTION_REPLACE) out += String.fromCharCode(CHAR_REPLACEMENT[c]!);
    else if (action === ACTION_EXPAND) out += CHAR_EXPANSION.get(c)!;
  }
  if (runStart < n) out += input.slice(runStart, n);
  return out;
}

/** Search normalisation with an offset map from normalised chars to input indices. */
export function normalize(input: string): NormalizedText {
  const n = input.length;
  const toOriginal: number[] = [];
  let out = '';
  let runStart = 0;
  for (let i = 0; i < n; i++) {
    const c = input.charCodeAt(i);
    const action = CHAR_ACTION[c];
    if (action === ACTION_KEEP) {
      toOriginal.push(i);
      continue;
    }
    if (runStart < i) out += input.slice(runStart, i);
    runStart = i + 1;
    if (action === ACTION_REPLACE) {
      out += String.fromCharCode(CHAR_REPLACEMENT[c]!);
      toOriginal.push(i);
    } else if (action === ACTION_EXPAND) {
      const expansion = CHAR_EXPANSION.get(c)!;
      out += expansion;
      for (let k = 0; k < expansion.length; k++) toOriginal.push(i);
    }
  }
  if (runStart === 0) out = input;
  else if (runStart < n) out += input.slice(runStart, n);
  toOriginal.push(n);
  return { text: out, toOriginal };
}

/** Original range of the normalised range [start, end). An empty range maps to an empty range. */
export function originalRange(n: NormalizedText, start: number, end: number): { start: number; end: number } {
  const from = n.toOriginal[start]!;
  if (end <= start) return { start: from, end: from };
  return { start: from, end: n.toOriginal[end - 1]! + 1 };
}

// --- Evaluation matching -------------------------------------------------------------------

const MATCH_ACTION = new Uint8Array(0x10000);
const MATCH_REPLACEMENT = new Uint16Array(0x10000);
const MATCH_KEEP = 0;
const MATCH_REPLACE = 1;
const MATCH_REMOVE = 2;
const MATCH_SPACE = 3;

/** The characters the evaluation's normalisation folds: harakat, superscript alef, tatweel, alef forms, ى, ة, Arabic-Indic digits. */
const MATCH_FOLDED = [
  ...Array.from({ length: 0x0652 - 0x064b + 1 }, (_, i) => 0x064b + i),
  0x0670,
  0x0640,
  ...ALEF_VARIANTS,
  0x0649,
  0x0629,
  ...Array.from({ length: 10 }, (_, d) => 0x0660 + d),
];

function buildMatchTable(): void {
  // A subset of the search folding, folded exactly as it folds them (characters.ts is the one table).
  for (const c of MATCH_FOLDED) {
    if (CHAR_ACTION[c] === ACTION_REMOVE) {
      MATCH_ACTION[c] = MATCH_REMOVE;
    } else {
      MATCH_ACTION[c] = MATCH_REPLACE;
      MATCH_REPLACEMENT[c] = CHAR_REPLACEMENT[c]!;
    }
  }
  // The evaluation's whitespace (../shared/eval/README.md): exactly the characters of JavaScript's /\s/.
  for (const c of [
    0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
    0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
  ]) {
    MATCH_ACTION[c] = MATCH_SPACE;
  }
}

buildMatchTable();

/**
 * The evaluation's matching normalisation, nothing more: strip diacritics (U+064B–U+0652,
 * U+0670) and tatweel; أ إ آ ٱ → ا; ى → ي; ة → ه; Arabic-Indic digits → ASCII; every run of
 * whitespace → one space; trim. Stripped characters do not interrupt a whitespace run (the
 * collapse is applied after stripping).
 */
export function normalizeForMatch(input: string): string {
  const n = input.length;
  let out = '';
  let runStart = 0;
  let pendingSpace = false;
  let any = false;
  for (let i = 0; i < n; i++) {
    const c = input.charCodeAt(i);
    const action = MATCH_ACTION[c];
    if (action === MATCH_KEEP) {
      if (pendingSpace) {
        if (any) out += ' ';
        pendingSpace = false;
        runStart = i;
      }
      any = true;
      continue;
    }
    if (runStart < i && !pendingSpace) out += input.slice(runStart, i);
    runStart = i + 1;
    if (action === MATCH_SPACE) {
      pendingSpace = true;
    } else if (action === MATCH_REPLACE) {
      if (pendingSpace) {
        if (any) out += ' ';
        pendingSpace = false;
      }
      out += String.fromCharCode(MATCH_REPLACEMENT[c]!);
      any = true;
    }
  }
  if (runStart < n && !pendingSpace) out += input.slice(runStart, n);
  return out;
}

/**
 * A comparison key for word lists and lines: the search normalisation, every run of blanks (white
 * space and invisible format characters) → one space, trimmed, lower case.
 */
export function normalizeKey(input: string): string {
  const folded = normalizeArabic(input);
  let out = '';
  let runStart = -1;
  let pendingSpace = false;
  for (let i = 0; i < folded.length; i++) {
    if (isBlank(folded.charCodeAt(i))) {
      if (runStart >= 0) {
        out += folded.slice(runStart, i);
        runStart = -1;
      }
      pendingSpace = out.length > 0;
      continue;
    }
    if (runStart < 0) {
      if (pendingSpace) out += ' ';
      pendingSpace = false;
      runStart = i;
    }
  }
  if (runStart >= 0) out += folded.slice(runStart);
  return out.toLowerCase();
}

/** input without Arabic diacritics, the other Arabic combining marks and tatweel; nothing else changes. */
export function stripDiacritics(input: string): string {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < input.length; i++) {
    if (!isArabicMarkOrTatweel(input.charCodeAt(i))) continue;
    out += input.slice(runStart, i);
    runStart = i + 1;
  }
  return runStart === 0 ? input : out + input.slice(runStart);
}
