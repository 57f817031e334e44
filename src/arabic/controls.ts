// Characters that must never reach a reader from article data, whatever the surface (terminal,
// Discord): they would change the terminal (escape sequences set its title, move the cursor, write
// the clipboard), show as boxes, or turn the text around it (bidi overrides). One rule, used by the
// CLI's output (src/cli/terminal.ts) and Discord's (src/discord/text.ts).

/**
 * ANSI/ECMA-48 escape sequences, whole: CSI (also as the 8-bit U+009B), terminated OSC and
 * DCS/SOS/PM/APC strings, two-byte escapes. An unterminated string loses only its opening escape,
 * so no text after it is taken.
 */
const ESCAPE_SEQUENCES =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /\u001B(?:\[[0-?]*[ -/]*[@-~]?|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[PX^_][^\u001B]*\u001B\\|[ -~]?)|\u009B[0-?]*[ -/]*[@-~]?/g;
/** Embedding, override and isolate controls: an unterminated one would flip everything after it. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** C0/C1 controls except tab and line feed, and the noncharacters: boxes, or a changed layout. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]/g;

/** Text without escape sequences, bidi controls and control characters (line feeds kept; CR LF becomes LF, a tab a space). */
export function stripControls(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(ESCAPE_SEQUENCES, '')
    .replace(BIDI_CONTROLS, '')
    .replace(CONTROL_CHARS, '')
    .replace(/\t/g, ' ');
}

/** The characters stripControls removes that JSON.stringify leaves as they are (it escapes only U+0000–U+001F). */
const UNSAFE_IN_JSON = /[\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFDD0-\uFDEF\uFFFE\uFFFF]/g;

/** JSON text with every character stripControls would remove written as a \uXXXX escape: the data unchanged, safe to print. */
export function escapeControls(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
