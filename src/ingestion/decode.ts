import { isArabicScript } from '../arabic/index.ts';

/**
 * The text of an HTML page's (or XML feed's) bytes. The encoding is the one the HTTP header names,
 * else the page's own <meta charset> (or http-equiv Content-Type, or <?xml encoding>), else its
 * byte-order mark, else UTF-8. Old Arabic
 * sites serve windows-1256 and iso-8859-6, which Node's TextDecoder (full ICU) decodes.
 */
export function decodeHtml(bytes: Uint8Array, contentType = ''): string {
  const declared = usableEncoding(charsetOf(contentType)) ?? usableEncoding(metaCharset(bytes)) ?? bomEncoding(bytes);
  return new TextDecoder(checkedEncoding(bytes, declared)).decode(bytes);
}

/**
 * The declared encoding unless the bytes say otherwise: UTF-8 bytes declared as a single-byte
 * legacy encoding (no Arabic legacy text is valid UTF-8), or bytes declared (or taken) as UTF-8
 * that are not UTF-8 but read as Arabic in windows-1256.
 */
function checkedEncoding(bytes: Uint8Array, declared: string | undefined): string {
  if (declared?.startsWith('utf-16')) return declared;
  const utf8 = isUtf8(bytes);
  if (declared && declared !== 'utf-8') return utf8 && !isAscii(bytes) ? 'utf-8' : declared;
  return utf8 ? 'utf-8' : sniffEncoding(bytes).encoding;
}

/** How to read bytes that declare no encoding, and a note for the operator when it is not plain UTF-8. */
export function sniffEncoding(sample: Uint8Array): { encoding: string; note?: string } {
  const bom = bomEncoding(sample);
  if (bom) return { encoding: bom };
  if (isUtf8(sample)) return { encoding: 'utf-8' };
  if (readsAsArabic(sample, 'windows-1256')) return { encoding: 'windows-1256', note: 'not UTF-8; read as windows-1256 (Arabic)' };
  return { encoding: 'utf-8', note: 'not valid UTF-8, and not windows-1256 Arabic either' };
}

/** Valid UTF-8, an unfinished character at the end allowed (the bytes may be the start of a file). */
function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function isAscii(bytes: Uint8Array): boolean {
  return bytes.every((b) => b < 0x80);
}

/** Most of the non-ASCII characters the bytes make in `encoding` are Arabic script. */
function readsAsArabic(bytes: Uint8Array, encoding: string): boolean {
  let other = 0;
  let arabic = 0;
  for (const char of new TextDecoder(encoding).decode(bytes)) {
    if (char.charCodeAt(0) < 0x80) continue;
    if (isArabicScript(char)) arabic++;
    else other++;
  }
  return arabic > 0 && arabic >= 4 * other;
}

/** The charset parameter of a Content-Type header value, if any. */
export function charsetOf(contentType: string): string | undefined {
  return /;\s*charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1];
}

function metaCharset(bytes: Uint8Array): string | undefined {
  // The declaration must be in the first 1024 bytes (HTML's prescan); ASCII-compatible encodings only.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return (/<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head) ?? /^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head))?.[1];
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function usableEncoding(label: string | undefined): string | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}
