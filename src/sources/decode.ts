/**
 * The text of an HTML page's (or XML feed's) bytes. The encoding is the one the HTTP header names,
 * else the page's own <meta charset> (or http-equiv Content-Type, or <?xml encoding>), else its
 * byte-order mark, else UTF-8. Old Arabic
 * sites serve windows-1256 and iso-8859-6, which Node's TextDecoder (full ICU) decodes.
 */
export function decodeHtml(bytes: Uint8Array, contentType = ''): string {
  const encoding = usableEncoding(charsetOf(contentType)) ?? usableEncoding(metaCharset(bytes)) ?? bomEncoding(bytes) ?? 'utf-8';
  return new TextDecoder(encoding).decode(bytes);
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
