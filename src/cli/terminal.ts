import { escapeControls, stripControls } from '../arabic/index.ts';

/** The CLI's own colours (ask on a terminal): the only escape sequences it ever prints. */
export const ANSI = { mark: '\x1b[1;4m', uncertain: '\x1b[33m', reset: '\x1b[0m' } as const;
// eslint-disable-next-line no-control-regex -- the CLI's own colour sequences
const OWN_COLOURS = /(\x1b\[1;4m|\x1b\[33m|\x1b\[0m)/;

/**
 * A line as it may reach the terminal: no escape sequence, control character or bidi override
 * from article data (titles, text, addresses, feed names, a server's answer). `colours`: the
 * line's own colour sequences are kept — only for a command whose every piece of data was
 * cleaned before it was coloured (renderAnswer).
 */
export function terminalLine(line: string, colours = false): string {
  if (!colours) return stripControls(line);
  return line
    .split(OWN_COLOURS)
    .map((part, i) => (i % 2 === 1 ? part : stripControls(part)))
    .join('');
}

/** `--json` output: the data unchanged, with every character terminalLine would remove written as a \uXXXX escape. */
export function jsonLine(value: unknown): string {
  return escapeControls(JSON.stringify(value));
}
