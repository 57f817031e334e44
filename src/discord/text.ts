// Text that goes into a Discord message: made safe (no markdown, no ping, no stray direction
// control from the user) and given its direction.
//
// Direction: Discord's client picks each line's direction from its first strong character, but
// notification and reply previews and search results draw the message as one left-to-right
// paragraph. So every Arabic line the bot sends is wrapped whole as RLM + RLI … PDI: the mark
// makes the line right-to-left where the client looks at the first strong character, the isolate
// keeps its guillemets, full stop and citation marker in place everywhere else. The wrap goes
// around the whole line (after its markdown prefix), so it never splits a citation marker, a
// number or a Latin name. The user's own bidi controls are removed first.

import { stripControls } from '../unicode-controls.ts';

const RLM = '\u200F';
const RLI = '\u2067';
const LRI = '\u2066';
const PDI = '\u2069';
const ZWSP = '\u200B';
export const ELLIPSIS = '…';

/** Characters rtlLine adds around a line. */
export const RTL_WRAP_LENGTH = 3;

const RTL_LETTERS = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/gu;
const LATIN_LETTERS = /\p{Script=Latin}/gu;

/** Removes escape sequences, bidi controls and control characters (keeps line feeds; tabs become spaces): src/unicode-controls.ts. */
export const cleanText = stripControls;

/** Characters with a markdown meaning anywhere in a line (Discord drops a backslash before punctuation). */
const INLINE_MARKDOWN = /[\\*_~`|[\]<>]/g;

/**
 * Markdown-escaped and mention-neutralised: renders as the literal text and can never ping.
 * (Linear, unlike discord.js's escapeMarkdown, which takes seconds on a 20 KB line.)
 */
export function escapeText(text: string): string {
  return cleanText(text)
    .replace(INLINE_MARKDOWN, '\\$&')
    .replace(/^(\s*)([#+-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)\./gm, '$1\\.')
    .replace(/@/g, `@${ZWSP}`);
}

/** User text on one line (titles, notices): escaped, whitespace collapsed, cut to `max`. */
export function userText(text: string, max: number): string {
  return truncate(escapeText(cleanText(text).replace(/\s+/g, ' ').trim()), max);
}

/** Cuts `text` to at most `max` UTF-16 units with an ellipsis, at a word boundary when one is near. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return ELLIPSIS.slice(0, max);
  let cut = text.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  if (space > max * 0.6) cut = cut.slice(0, space);
  return `${dropBrokenTail(cut).trimEnd()}${ELLIPSIS}`;
}

/** A cut must not end in half a surrogate pair, a lone escaping backslash, or an @ parted from its guard. */
function dropBrokenTail(cut: string): string {
  let out = cut;
  if (out.endsWith('@')) out = out.slice(0, -1);
  if (isHighSurrogate(out.charCodeAt(out.length - 1))) out = out.slice(0, -1);
  const backslashes = /\\+$/.exec(out)?.[0].length ?? 0;
  if (backslashes % 2 === 1) out = out.slice(0, -1);
  return out;
}

export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/u;
const ANY_LETTER = /\p{L}/u;

/**
 * An Arabic line: its first letter outside isolates is right-to-left (so Discord's client draws
 * it right to left anyway), or it has at least as many right-to-left letters as Latin ones.
 */
export function isRightToLeftLine(line: string): boolean {
  const first = ANY_LETTER.exec(line.replace(/[\u2066-\u2068][^\u2069]*\u2069/g, ''))?.[0];
  if (first !== undefined && RTL_LETTER.test(first)) return true;
  const rtl = line.match(RTL_LETTERS)?.length ?? 0;
  return rtl > 0 && rtl >= (line.match(LATIN_LETTERS)?.length ?? 0);
}

/**
 * One line of a reply, right-to-left on its own on every surface when it is Arabic (or `always`).
 * The line must not contain a line break; lines without Arabic come back as they are.
 */
export function rtlLine(line: string, always = false): string {
  if (line === '' || !(always || isRightToLeftLine(line))) return line;
  return `${RLM}${RLI}${line}${PDI}`;
}

/** The line without the wrap rtlLine put around it. */
export function unwrapLine(line: string): string {
  return line.startsWith(`${RLM}${RLI}`) && line.endsWith(PDI) ? line.slice(2, -1) : line;
}

/** Every line of `text` through rtlLine, markdown line prefixes (`> `, `-# `, `• `) left in front. */
export function rtlLines(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const prefix = /^(?:> )?(?:-# )?(?:• )?/.exec(line)![0];
      return prefix + rtlLine(line.slice(prefix.length));
    })
    .join('\n');
}

/** `[n]` isolated so its digits and brackets cannot change the direction of the line around it. */
export function citationMarker(n: number): string {
  return `${RLI}[${n}]${PDI}`;
}

/** A left-to-right token (a file name) that must not reorder the Arabic around it. */
export function isolateLeftToRight(text: string): string {
  return `${LRI}${text}${PDI}`;
}
