// Text that goes into a Discord message: made safe (no markdown, no ping, no stray direction
// control from the user) and given its direction.
//
// Direction: Discord's client picks each line's direction from its first strong character, but
// notification and reply previews and search results draw the message as one left-to-right
// paragraph. So every Arabic line the bot sends is wrapped whole as RLM + RLI … PDI: the mark
// makes the line right-to-left where the client looks at the first strong character, the isolate
// keeps its guillemets, full stop and citation marker in place everywhere else. The wrap goes
// around the whole line (after its markdown prefix), so it never splits a citation marker, a
// number or a Latin name. Inside it, each Latin run and each code span (`/ask`) is isolated
// left to right, so the slash of a command or the full stop of U.S. stays on its side. The user's
// own bidi controls are removed first.

import {
  firstLetter,
  isRightToLeftLetter,
  LATIN_RUN_SOURCE,
  latinLetterCount,
  rightToLeftLetterCount,
  stripControls,
} from '../arabic/index.ts';

const RLM = '\u200F';
const RLI = '\u2067';
const LRI = '\u2066';
const PDI = '\u2069';
const ZWSP = '\u200B';
export const ELLIPSIS = '…';

/** Removes escape sequences, bidi controls and control characters (keeps line feeds; tabs become spaces): src/arabic/controls.ts. */
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

/** A cut must not end in half a surrogate pair, a lone escaping backslash, an @ parted from its guard, or inside an isolate. */
function dropBrokenTail(cut: string): string {
  let out = cut;
  if (out.endsWith('@')) out = out.slice(0, -1);
  if (isHighSurrogate(out.charCodeAt(out.length - 1))) out = out.slice(0, -1);
  const backslashes = /\\+$/.exec(out)?.[0].length ?? 0;
  if (backslashes % 2 === 1) out = out.slice(0, -1);
  // An isolate opened and not closed would change the direction of everything after the cut.
  const unclosed = /[\u2066-\u2068][^\u2069]*$/.exec(out);
  if (unclosed) out = out.slice(0, unclosed.index);
  return out;
}

export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * An Arabic line: its first letter outside isolates is right-to-left (so Discord's client draws
 * it right to left anyway), or it has at least as many right-to-left letters as Latin ones.
 */
export function isRightToLeftLine(line: string): boolean {
  const first = firstLetter(line.replace(/[\u2066-\u2068][^\u2069]*\u2069/g, ''));
  if (first !== undefined && isRightToLeftLetter(first)) return true;
  const rtl = rightToLeftLetterCount(line);
  return rtl > 0 && rtl >= latinLetterCount(line);
}

/**
 * What a right-to-left line isolates left to right: isolates already there and link targets are
 * passed over, code spans (`/ask`) and Latin runs are isolated.
 */
const LEFT_TO_RIGHT_PARTS = new RegExp(
  String.raw`([\u2066-\u2068][^\u2069]*\u2069|\]\([^)]*\))|((?<!\\)${'`'}[^${'`'}\n]*${'`'}|${LATIN_RUN_SOURCE})`,
  'gu',
);

/** The line with each code span and Latin run in it isolated left to right. */
function isolateLeftToRightRuns(line: string): string {
  return line.replace(LEFT_TO_RIGHT_PARTS, (match, kept: string | undefined) =>
    kept !== undefined || latinLetterCount(match) === 0 ? match : isolateLeftToRight(match),
  );
}

/**
 * One line of a reply, right-to-left on its own on every surface when it is Arabic (or `always`),
 * its Latin runs and code spans isolated left to right.
 * The line must not contain a line break; lines without Arabic come back as they are.
 */
export function rtlLine(line: string, always = false): string {
  if (line === '' || !(always || isRightToLeftLine(line))) return line;
  return `${RLM}${RLI}${isolateLeftToRightRuns(line)}${PDI}`;
}

/**
 * `text` cut (by truncate) as little as needed for its rendering — rtlLine or rtlLines, which add
 * direction marks — to stay within `max`.
 */
export function fitRendered(text: string, max: number, render: (text: string) => string): string {
  let budget = max;
  for (;;) {
    const rendered = render(truncate(text, budget));
    if (rendered.length <= max || budget <= 1) return rendered;
    budget -= rendered.length - max;
  }
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
