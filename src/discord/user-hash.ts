import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * sha256(salt + user id), hex. The salt is random, kept in `<dataDir>/user-hash-salt`, so hashes
 * stay comparable across restarts but cannot be reversed by hashing every known user id.
 */
export function createUserHasher(dataDir: string): (userId: string) => string {
  const salt = readOrCreateSalt(path.join(dataDir, 'user-hash-salt'));
  return (userId) => createHash('sha256').update(salt).update(userId).digest('hex');
}

function readOrCreateSalt(file: string): string {
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const salt = randomBytes(32).toString('hex');
  writeFileSync(file, `${salt}\n`, { mode: 0o600 });
  return salt;
}
