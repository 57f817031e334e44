import { createHash } from 'node:crypto';

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Whether a file's bytes are those of the article whose hash is knownHash. Without a BOM, an
 * article's hash (sha256 of its text as UTF-8) is the hash of the file's bytes; a file starting with
 * a BOM is never taken as unchanged, so it is always parsed.
 */
export function isUnchanged(bytes: Uint8Array, knownHash: string | null | undefined): boolean {
  if (knownHash === undefined || knownHash === null || startsWithBom(bytes)) return false;
  return createHash('sha256').update(bytes).digest('hex') === knownHash;
}

/** The code of a file-system error (ENOENT …), or its message. */
export function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}
