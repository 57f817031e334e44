/**
 * Arabic search normalisation with an offset map back to the input.
 *
 * Removes: Arabic diacritics and every other Arabic combining mark (U+0610–061A, U+064B–065F,
 * U+0670, Quranic marks U+06D6–06ED), tatweel, zero-width and bidi controls, soft hyphen, BOM.
 * Maps: أ إ آ ٱ → ا; ى ئ ی → ي; ة → ه; ؤ → و; ک → ك; Arabic-Indic and Persian digits → ASCII;
 * ٫ → '.', ٬ → ','; presentation forms → base letters (NFKC); Latin lowercased.
 * Everything else (punctuation, spaces) is kept, so offsets stay meaningful.
 *
 * Every UTF-16 code unit of the input gets one action from a 64K table built once at load:
 * keep, replace (1:1), remove, or expand (presentation-form ligatures, 1:n). The hot loops
 * are table look-ups over charCodeAt; no regex runs per character.
 */

export interface NormalizedText {
  text: string;
  /** toOriginal[i] = index in the input of the char that produced text[i]; toOriginal[text.length] = input.length. */
  toOriginal: number[];
}

/** @internal Per-code-unit actions of the search normalisation. */
export const ACTION_KEEP = 0;
export const ACTION_REPLACE = 1;
export const ACTION_REMOVE = 2;
export const ACTION_EXPAND = 3;
type CharAction = typeof ACTION_KEEP | typeof ACTION_REPLACE | typeof ACTION_REMOVE | typeof ACTION_EXPAND;

/** @internal Action per UTF-16 code unit (ACTION_*). */
export const CHAR_ACTION = new Uint8Array(0x10000);
/** @internal Replacement code unit for ACTION_REPLACE. */
export const CHAR_REPLACEMENT = new Uint16Array(0x10000);
/** @internal Replacement text for ACTION_EXPAND (already fully normalised). */
export const CHAR_EXPANSION = new Map<number, string>();

const ALEF = 0x0627;
const YEH = 0x064a;
const HEH = 0x0647;
const WAW = 0x0648;
const KAF = 0x0643;

function setRange(from: number, to: number, action: CharAction): void {
  for (let c = from; c <= to; c++) CHAR_ACTION[c] = action;
}

function setReplacement(code: number, replacement: number): void {
  CHAR_ACTION[code] = ACTION_REPLACE;
  CHAR_REPLACEMENT[code] = replacement;
}

function buildTables(): void {
  // Latin (and the other bicameral scripts below U+0530) lowercased where that stays 1:1.
  for (let c = 0x41; c <= 0x5a; c++) setReplacement(c, c + 32);
  const lowerRanges: Array<[number, number]> = [[0xc0, 0x052f], [0x1e00, 0x1fff]];
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
  // Invisible format characters: zero-width, bidi controls, Arabic letter mark, soft hyphen, BOM.
  setRange(0x200b, 0x200f, ACTION_REMOVE);
  setRange(0x202a, 0x202e, ACTION_REMOVE);
  setRange(0x2060, 0x2064, ACTION_REMOVE);
  setRange(0x2066, 0x2069, ACTION_REMOVE);
  setRange(0x061c, 0x061c, ACTION_REMOVE);
  setRange(0x00ad, 0x00ad, ACTION_REMOVE);
  setRange(0xfeff, 0xfeff, ACTION_REMOVE);

  for (const c of [0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673]) setReplacement(c, ALEF);
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
  const presentationRanges: Array<[number, number]> = [[0xfb50, 0xfdff], [0xfe70, 0xfefe]];
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
      if (mapped.trim() === '') CHAR_ACTION[c] = ACTION_REMOVE;
      else if (mapped.length === 1) setReplacement(c, mapped.charCodeAt(0));
      else {
        CHAR_ACTION[c] = ACTION_EXPAND;
        CHAR_EXPANSION.set(c, mapped);
      }
    }
  }
}

buildTables();

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

function buildMatchTable(): void {
  for (let c = 0x064b; c <= 0x0652; c++) MATCH_ACTION[c] = MATCH_REMOVE;
  MATCH_ACTION[0x0670] = MATCH_REMOVE;
  MATCH_ACTION[0x0640] = MATCH_REMOVE;
  const replace = (c: number, r: number): void => {
    MATCH_ACTION[c] = MATCH_REPLACE;
    MATCH_REPLACEMENT[c] = r;
  };
  for (const c of [0x0622, 0x0623, 0x0625, 0x0671]) replace(c, ALEF);
  replace(0x0649, YEH);
  replace(0x0629, HEH);
  for (let d = 0; d <= 9; d++) replace(0x0660 + d, 0x30 + d);
  // Exactly the characters of JavaScript's /\s/.
  for (const c of [
    0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
    0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
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
