// Boilerplate detection for scraped news pages: splits the text into units (trimmed lines, or
// paragraphs when the file is hard-wrapped), decides which units are body, and finds the title
// and the outlet. Nothing here modifies the text; everything is expressed as offsets into it.
import { COMMAS, isBlank, QUESTION_MARKS, SEMICOLONS } from '../arabic/index.ts';
import {
  CAPTION_CREDITS, CHROME_PHRASES, DATE_WORDS, HOME_WORDS, META_PREFIXES, NAV_WORDS, PROMPT_PHRASES,
  SPEECH_WORDS, normalize,
} from './lexicon.ts';

export type UnitKind =
  | 'body' | 'title' | 'heading' | 'short' | 'chrome' | 'source' | 'breadcrumb' | 'caption' | 'teaser' | 'duplicate';

type Ending = 'sentence' | 'quote' | 'ellipsis' | 'none';

export interface Unit {
  start: number;
  end: number;
  raw: string;
  key: string;
  words: number;
  ending: Ending;
  kind: UnitKind;
  /** Set for "المصدر: X" lines. */
  outlet?: string;
}

export interface Cleaned {
  units: Unit[];
  title: string;
  outlet: string | null;
}

/** Lines without sentence punctuation count as body only from this length on (headlines and captions are shorter). */
const UNPUNCTUATED_BODY_WORDS = 20;
/** Lines ending in a bare closing quote, or in an ellipsis that truncates nothing, need this many words. */
const LOOSE_BODY_WORDS = 12;
/** Chrome checks only look at lines up to this size; longer lines are never chrome. */
const CHROME_MAX_WORDS = 40;
const CHROME_MAX_CHARS = 400;
const TITLE_MAX_CHARS = 90;
const PREFIX_KEY_CHARS = 16;
/** Bounds the work per truncated line so pathological input stays linear. */
const PREFIX_MAX_CANDIDATES = 64;

const ALNUM = /[\p{L}\p{N}]/u;

function isAlnum(c: number): boolean {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return ALNUM.test(String.fromCharCode(c));
}

/** Whitespace-separated tokens that contain a letter or a digit ("-" and "|" don't count). */
function countWords(s: string): number {
  let n = 0;
  let inToken = false;
  let hasAlnum = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isBlank(c)) {
      if (inToken && hasAlnum) n++;
      inToken = false;
      hasAlnum = false;
    } else {
      inToken = true;
      if (!hasAlnum && isAlnum(c)) hasAlnum = true;
    }
  }
  return inToken && hasAlnum ? n + 1 : n;
}

const CLOSERS = '»"”’\')]}›*';
const QUOTE_CLOSERS = '»"”’\'›';
const SENTENCE_END = '.!?؟:;؛';

function endingOf(s: string): Ending {
  let i = s.length - 1;
  while (i >= 0 && (CLOSERS.includes(s[i]!) || isBlank(s.charCodeAt(i)))) i--;
  if (i < 0) return 'none';
  const c = s[i]!;
  if (c === '…' || (c === '.' && s[i - 1] === '.')) return 'ellipsis';
  if (SENTENCE_END.includes(c)) return 'sentence';
  if (QUOTE_CLOSERS.includes(s[s.length - 1]!)) return 'quote';
  return 'none';
}

interface Line { start: number; end: number } // trimmed bounds; start === end for a blank line

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let lineStart = 0;
  const push = (from: number, to: number) => {
    let s = from;
    let e = to;
    while (s < e && isBlank(text.charCodeAt(s))) s++;
    while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
    lines.push({ start: s, end: e });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) {
      push(lineStart, i);
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      lineStart = i + 1;
    }
  }
  push(lineStart, text.length);
  return lines;
}

const MARKDOWN_HEADING = /^#{1,6}\s/;

function isHeadingLine(text: string, l: Line): boolean {
  return text.charCodeAt(l.start) === 0x23 && MARKDOWN_HEADING.test(text.slice(l.start, Math.min(l.end, l.start + 8)));
}

/** Last line of the paragraph that starts at line i: up to the next blank line; a markdown heading stands alone. */
function blockEnd(text: string, lines: Line[], i: number): number {
  if (isHeadingLine(text, lines[i]!)) return i;
  let j = i;
  while (j + 1 < lines.length && lines[j + 1]!.end > lines[j + 1]!.start && !isHeadingLine(text, lines[j + 1]!)) j++;
  return j;
}

/**
 * A hard-wrapped file (lines broken at a fixed width, paragraphs separated by blank lines) must be
 * judged paragraph by paragraph: its lines are short and end mid-sentence, so each one alone
 * would look like a headline.
 */
function isHardWrapped(text: string, lines: Line[]): boolean {
  const nonBlank = lines.filter((l) => l.end > l.start);
  if (nonBlank.length < 6) return false;
  const lengths = nonBlank.map((l) => l.end - l.start).sort((a, b) => a - b);
  const width = lengths[Math.floor(0.9 * (lengths.length - 1))]!;
  if (width < 30 || width > 120) return false;
  if (lengths.filter((n) => n >= 0.7 * width).length < 0.5 * lengths.length) return false;
  let blocks = 0;
  let blocksEndingSentence = 0;
  let inner = 0;
  let innerEndingSentence = 0;
  for (let i = 0; i < lines.length; ) {
    if (lines[i]!.end === lines[i]!.start) { i++; continue; }
    const j = blockEnd(text, lines, i);
    if (j > i) {
      blocks++;
      const last = lines[j]!;
      if (endingOf(text.slice(last.start, last.end)) === 'sentence') blocksEndingSentence++;
      for (let k = i; k < j; k++) {
        inner++;
        const l = lines[k]!;
        if (endingOf(text.slice(l.start, l.end)) === 'sentence') innerEndingSentence++;
      }
    }
    i = j + 1;
  }
  return blocks >= 2 && blocksEndingSentence >= 0.5 * blocks && innerEndingSentence <= 0.3 * inner;
}

function makeUnits(text: string): Unit[] {
  const lines = splitLines(text);
  const spans: Line[] = [];
  if (isHardWrapped(text, lines)) {
    for (let i = 0; i < lines.length; ) {
      if (lines[i]!.end === lines[i]!.start) { i++; continue; }
      const j = blockEnd(text, lines, i);
      spans.push({ start: lines[i]!.start, end: lines[j]!.end });
      i = j + 1;
    }
  } else {
    for (const l of lines) if (l.end > l.start) spans.push(l);
  }
  return spans.map(({ start, end }) => {
    const raw = text.slice(start, end);
    return { start, end, raw, key: normalize(raw), words: countWords(raw), ending: endingOf(raw), kind: 'short' };
  });
}

// ---- single-line tests ----

// Edge trimming and splitting are written as loops: regexes like /[…]+$/ go quadratic on long runs.
function trimSet(s: string, lead: string, trail: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (lead.includes(s[start]!) || isBlank(s.charCodeAt(start)))) start++;
  while (end > start && (trail.includes(s[end - 1]!) || isBlank(s.charCodeAt(end - 1)))) end--;
  return s.slice(start, end);
}

const EDGE_PUNCT = `-–—|:：.${COMMAS}•·*#>»«›‹()[]`;

function stripEdges(key: string): string {
  return trimSet(key, EDGE_PUNCT, EDGE_PUNCT);
}

function isChromeSized(u: Unit): boolean {
  return u.words <= CHROME_MAX_WORDS && u.raw.length <= CHROME_MAX_CHARS;
}

function isNavWord(token: string): boolean {
  if (NAV_WORDS.has(token)) return true;
  return token.length > 2 && token.startsWith('و') && NAV_WORDS.has(token.slice(1));
}

const SOURCE_LINE = /^(?:ال)?(?:مصدر|مصادر)\s*[:：\-–—|]\s*(.+)$|^source\s*[:：]\s*(.+)$/i;

function sourceOutlet(u: Unit): string | null {
  if (u.words > 10 || !isChromeSized(u)) return null;
  const m = SOURCE_LINE.exec(u.raw);
  const outlet = trimSet(m ? (m[1] ?? m[2] ?? '') : '', '«"“\'(', `»"”'.)${COMMAS}`);
  return outlet && countWords(outlet) <= 8 ? outlet : null;
}

const DATE_LINE_SEPARATORS = new RegExp(String.raw`[\s${COMMAS}|/\-–—:]+`);
const NAV_SEPARATORS = new RegExp(String.raw`[\s|•·/\\${COMMAS}\-–—»«›‹>]+`);

function isDateLine(key: string): boolean {
  const tokens = key.split(DATE_LINE_SEPARATORS).filter(Boolean);
  if (tokens.length === 0 || tokens.length > 12) return false;
  let numbers = 0;
  let dateish = 0;
  for (const t of tokens) {
    // The key is normalised: Arabic-Indic digits are ASCII by now.
    if (/^[\d.:/]+$/.test(t)) { numbers++; dateish++; } else if (DATE_WORDS.has(t)) dateish++;
  }
  return numbers > 0 && dateish >= 0.6 * tokens.length;
}

function isChrome(u: Unit): boolean {
  if (!isChromeSized(u)) return false;
  const bare = stripEdges(u.key);
  if (CHROME_PHRASES.has(bare)) return true;
  if (u.words <= 8) {
    const tokens = bare.split(NAV_SEPARATORS).filter(Boolean);
    if (tokens.length > 0 && tokens.every(isNavWord)) return true;
  }
  if ((u.ending !== 'sentence' || u.words <= 25) && PROMPT_PHRASES.some((p) => u.key.includes(p))) return true;
  if (u.words <= 6 && u.ending !== 'sentence'
    && META_PREFIXES.some((p) => bare.startsWith(p) && /^[\s:：\-–—|]/.test(bare.slice(p.length)))) return true;
  if (u.ending !== 'sentence' && u.words <= 12 && isDateLine(bare)) return true;
  if (/^(?:https?:\/\/|www\.)\S+$|^\S+@\S+\.\S+$|^@\w+$/.test(bare)) return true;
  return false;
}

const BREADCRUMB_SEPARATORS = '»›>|/\\«‹<•·←→';

/** Splits at separators that have whitespace on both sides (so the closing » of «quote» is not one). */
function splitAtSeparators(raw: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let i = 1; i + 1 < raw.length; i++) {
    if (BREADCRUMB_SEPARATORS.includes(raw[i]!) && isBlank(raw.charCodeAt(i - 1)) && isBlank(raw.charCodeAt(i + 1))) {
      parts.push(raw.slice(from, i).trim());
      from = i + 1;
    }
  }
  parts.push(raw.slice(from).trim());
  return parts;
}

function breadcrumbSegments(u: Unit): string[] | null {
  if (!isChromeSized(u) || u.ending === 'sentence') return null;
  const segments = splitAtSeparators(u.raw);
  if (segments.length < 2 || segments.some((s) => s === '')) return null;
  const first = normalize(segments[0]!);
  const sectionsShort = segments.slice(0, -1).every((s) => countWords(s) <= 4);
  return HOME_WORDS.has(first) || (segments.length >= 3 && sectionsShort) ? segments : null;
}

const CAPTION_TAIL = /^\s*[-–—|:(/]\s*\S+(?:\s+\S+){0,2}\s*\)?$/;

function hasCreditSuffix(key: string): boolean {
  const m = /(?:[-–—|/]\s*|\()([^-–—|/()]+?)\)?$/.exec(key);
  return m !== null && CAPTION_CREDITS.has(m[1]!.trim());
}

// ---- document-level passes ----

function hasLetters(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isAlnum(s.charCodeAt(i))) return true;
  return false;
}

function isBodyShaped(u: Unit): boolean {
  switch (u.ending) {
    case 'sentence': return u.words >= 3;
    case 'quote':
    case 'ellipsis': return u.words >= LOOSE_BODY_WORDS;
    case 'none': return u.words >= UNPUNCTUATED_BODY_WORDS;
  }
}

/** Free (not yet classified) units are those still marked 'short'. */
function isFree(u: Unit): boolean {
  return u.kind === 'short';
}

function markCaptions(units: Unit[]): void {
  for (let i = 0; i < units.length; i++) {
    const a = units[i]!;
    const b = units[i + 1];
    if (b && isFree(a) && isFree(b)) {
      const [short, long] = a.key.length <= b.key.length ? [a, b] : [b, a];
      const sameLine = a.key === b.key;
      const withCredit = !sameLine && long.key.length <= short.key.length + 40 && long.key.startsWith(short.key)
        && CAPTION_TAIL.test(long.key.slice(short.key.length));
      if ((sameLine || withCredit) && short.words < UNPUNCTUATED_BODY_WORDS) {
        a.kind = 'caption';
        b.kind = 'caption';
      }
    }
    if (isFree(a) && a.ending !== 'sentence' && isChromeSized(a) && a.words < UNPUNCTUATED_BODY_WORDS && hasCreditSuffix(a.key)) {
      a.kind = 'caption';
    }
  }
}

function stripEllipsis(key: string): string {
  return trimSet(key, '', '.…»"”’\')]');
}

/** Teasers: a line ending in "..." whose text is the beginning of another, longer line. */
function markTeasers(units: Unit[]): void {
  const byPrefix = new Map<string, number[]>();
  units.forEach((u, i) => {
    if (u.key.length <= PREFIX_KEY_CHARS) return;
    const k = u.key.slice(0, PREFIX_KEY_CHARS);
    const bucket = byPrefix.get(k);
    if (bucket) bucket.push(i); else byPrefix.set(k, [i]);
  });
  units.forEach((u, i) => {
    if (!isFree(u) || u.ending !== 'ellipsis') return;
    const stem = stripEllipsis(u.key);
    if (stem.length < PREFIX_KEY_CHARS) return;
    const bucket = byPrefix.get(stem.slice(0, PREFIX_KEY_CHARS)) ?? [];
    let checked = 0;
    for (const j of bucket) {
      if (j === i) continue;
      if (++checked > PREFIX_MAX_CANDIDATES) break;
      const other = units[j]!;
      if (other.key.length > stem.length && other.key.startsWith(stem) && other.kind !== 'teaser') {
        u.kind = 'teaser';
        return;
      }
    }
  });
}

function classify(units: Unit[]): void {
  for (const u of units) {
    if (!hasLetters(u.raw)) { u.kind = 'chrome'; continue; }
    if (MARKDOWN_HEADING.test(u.raw) && isChromeSized(u)) { u.kind = 'heading'; continue; }
    const outlet = sourceOutlet(u);
    if (outlet !== null) { u.kind = 'source'; u.outlet = outlet; continue; }
    if (isChrome(u)) { u.kind = 'chrome'; continue; }
    if (breadcrumbSegments(u)) u.kind = 'breadcrumb';
  }
  markCaptions(units);
  markTeasers(units);
  const seenBody = new Set<string>();
  for (const u of units) {
    if (!isFree(u) || !isBodyShaped(u)) continue;
    if (seenBody.has(u.key)) { u.kind = 'duplicate'; continue; }
    seenBody.add(u.key);
    u.kind = 'body';
  }
  // A first line that asks or exclaims briefly is a headline ("هل تنجح أنقرة في إقناع موسكو؟"), not a sentence of the body.
  const first = units[0];
  if (first?.kind === 'body' && first.words <= 15 && '؟?!'.includes(trimSet(first.raw, '', CLOSERS).at(-1) ?? '')
    && units.some((u, i) => i > 0 && u.kind === 'body')) {
    first.kind = 'short';
  }
}

// ---- outlet ----

const ATTRIBUTION = new RegExp(String.raw`(?:^|[\s(${COMMAS}])ل(?:ـ+)?\s*[«"“„]([^«»"“”„\n]{2,50})[»"”]`, 'gu');
const SPEECH_WINDOW = 5;
const CLAUSE_ENDS = new RegExp(`[.!${QUESTION_MARKS}:${SEMICOLONS}]`);

/** "وقالت مصادر تركية لـ«الشرق الأوسط»": a paper named as the one a statement was given to. */
function attributedOutlet(raw: string): string | null {
  for (const m of raw.matchAll(ATTRIBUTION)) {
    const before = raw.slice(Math.max(0, m.index - 120), m.index);
    const clause = before.split(CLAUSE_ENDS).pop() ?? '';
    const tokens = normalize(clause).split(' ').filter(Boolean).slice(-SPEECH_WINDOW);
    const spoken = tokens.some((t) => SPEECH_WORDS.has(t)
      || ((t.startsWith('و') || t.startsWith('ف')) && SPEECH_WORDS.has(t.slice(1))));
    const name = m[1]!.trim();
    if (spoken && name && countWords(name) <= 6) return name;
  }
  return null;
}

function findOutlet(units: Unit[]): string | null {
  const source = units.find((u) => u.kind === 'source');
  if (source?.outlet) return source.outlet;
  for (const u of units) {
    if (u.kind !== 'body') continue;
    const found = attributedOutlet(u.raw);
    if (found) return found;
  }
  return null;
}

// ---- title ----

function headingText(u: Unit): string {
  return u.kind === 'heading' ? trimSet(u.raw, '#', '#') : u.raw;
}

function isHeadlineShaped(u: Unit, outletKey: string | null): boolean {
  return (u.kind === 'short' || u.kind === 'heading') && u.ending !== 'ellipsis'
    && u.words >= 2 && u.words <= 30 && stripEdges(u.key) !== outletKey;
}

function firstSentenceTitle(raw: string): string {
  const head = raw.slice(0, 400);
  let end = -1;
  for (let i = 0; i < head.length; i++) {
    const c = head[i]!;
    if ('.!?؟'.includes(c) && head[i - 1] !== '.' && head[i + 1] !== '.'
      && (i + 1 === head.length || isBlank(head.charCodeAt(i + 1)))) { end = i; break; }
  }
  const sentence = (end >= 0 ? head.slice(0, end + 1) : head).trim();
  if (sentence.length <= TITLE_MAX_CHARS && (end >= 0 || raw.length <= TITLE_MAX_CHARS)) {
    return sentence.replace(/(?<!\.)\.$/, '');
  }
  const cut = sentence.slice(0, TITLE_MAX_CHARS - 1);
  const space = cut.search(/\s\S*$/);
  const base = space > 0 ? cut.slice(0, space) : cut;
  return `${base.replace(TITLE_CUT_TAIL, '')}…`;
}

const TITLE_CUT_TAIL = new RegExp(String.raw`[\s${COMMAS}${SEMICOLONS}:\-–—(]+$`);

function pickTitle(units: Unit[], outlet: string | null, fallbackName: string): string {
  const outletKey = outlet === null ? null : normalize(outlet);
  let firstBody = units.findIndex((u) => u.kind === 'body');
  if (firstBody < 0) firstBody = units.length;
  const take = (u: Unit) => {
    const title = headingText(u);
    u.kind = 'title';
    return title;
  };

  const leading = units.slice(0, firstBody);
  const candidate = leading.find((u) => isHeadlineShaped(u, outletKey));

  const crumbIndex = leading.findIndex((u) => u.kind === 'breadcrumb');
  if (crumbIndex >= 0) {
    const last = breadcrumbSegments(units[crumbIndex]!)!.at(-1)!;
    const lastKey = stripEllipsis(normalize(last));
    const repeated = units.slice(crumbIndex + 1, firstBody)
      .find((u) => isHeadlineShaped(u, outletKey) && lastKey.length > 0 && u.key.startsWith(lastKey));
    if (repeated) return take(repeated);
    if (!candidate && countWords(last) >= 3) return last;
  }
  if (candidate) return take(candidate);

  // An article that starts straight with body text often repeats its headline further down.
  const seen = new Map<string, number>();
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (!isHeadlineShaped(u, outletKey)) continue;
    const earlier = seen.get(u.key);
    if (earlier !== undefined && i - earlier >= 2) return take(units[earlier]!);
    if (earlier === undefined) seen.set(u.key, i);
  }

  const body = units[firstBody];
  if (body) return firstSentenceTitle(body.raw);
  return fallbackName;
}

export function clean(text: string, fallbackName: string): Cleaned {
  const units = makeUnits(text);
  classify(units);
  const outlet = findOutlet(units);
  const title = pickTitle(units, outlet, fallbackName).replace(/\s+/g, ' ').trim();
  return { units, title, outlet };
}
