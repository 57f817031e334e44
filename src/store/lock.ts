import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// Loaded with this module, not at the first lock: its signal-exit listeners must come before the
// bot's process.once('SIGTERM'), or they find themselves alone and re-raise the signal it handles.
import lockfile from 'proper-lockfile';
import * as z from '../zod.ts';

/**
 * One writer at a time per index folder. proper-lockfile makes the lock (an atomic mkdir of
 * `writer.lock`, its mtime refreshed while held, released on exit and on signals); a lock whose
 * mtime is older than `staleMs` is taken over, which covers a writer on another machine (a shared
 * folder) that died. Beside it, `writer.lock.owner` names the holder's host and pid, so that the
 * lock of a writer on this machine that was killed (kill -9, a crash) is taken over at once rather
 * than after `staleMs`. Readers never take it.
 */
const LOCK_DIR = 'writer.lock';

// proper-lockfile releases its locks on signals through signal-exit, which re-raises a signal it
// catches when nobody else listens. For SIGXFSZ (a file size limit, ulimit -f, was exceeded) that
// would kill the process where Node ignores the signal and the write fails with EFBIG, reported as
// out of space: listening keeps it so.
process.on('SIGXFSZ', () => {});

const OWNER_FILE = 'writer.lock.owner';
/** Far longer than a live writer takes between taking the lock and writing its owner file. */
const UNNAMED_LOCK_GRACE_MS = 3000;
const POLL_MS = 200;
const WAIT_REMINDER_MS = 30_000;
export const DEFAULT_LOCK_STALE_MS = 60_000;
const MIN_LOCK_STALE_MS = 2_000;

const ownerSchema = z.object({ host: z.string(), pid: z.int().check(z.positive()), since: z.string() });
type Owner = z.infer<typeof ownerSchema>;

export class IndexLockedError extends Error {
  override name = 'IndexLockedError';
}

export interface WriterLock {
  /** True once the lock was found refreshed by someone else or could not be refreshed in time. */
  lost(): boolean;
  release(): Promise<void>;
}

export interface LockOptions {
  /** Wait for the holder to finish (saying so through `log`), or fail at once with IndexLockedError. */
  wait: boolean;
  staleMs?: number;
  log?: (line: string) => void;
}

export async function acquireWriterLock(indexDir: string, options: LockOptions): Promise<WriterLock> {
  const lockDir = path.join(indexDir, LOCK_DIR);
  const ownerFile = path.join(indexDir, OWNER_FILE);
  const stale = Math.max(MIN_LOCK_STALE_MS, options.staleMs ?? DEFAULT_LOCK_STALE_MS);
  let compromised = false;
  const started = Date.now();
  let reminded = 0;
  for (;;) {
    try {
      const release = await lockfile.lock(indexDir, {
        lockfilePath: lockDir,
        realpath: false,
        stale,
        retries: 0,
        onCompromised: () => {
          compromised = true;
        },
      });
      const me: Owner = { host: os.hostname(), pid: process.pid, since: new Date().toISOString() };
      await writeOwner(ownerFile, me).catch(async (error: unknown) => {
        await release();
        throw error;
      });
      return {
        lost: () => compromised,
        async release() {
          const owner = await readOwner(ownerFile);
          if (owner && owner.pid === me.pid && owner.host === me.host) await fs.rm(ownerFile, { force: true });
          await release().catch(() => {}); // already taken over: nothing of ours is left to remove
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    }
    const owner = await readOwner(ownerFile);
    if (owner && owner.host === os.hostname() && !isAlive(owner.pid)) {
      await takeOverFrom(owner, lockDir, ownerFile);
      continue;
    }
    // A writer names itself right after taking the lock; a lock nobody named for a while belongs to
    // a writer killed between the two steps.
    if (!owner && (await unnamedFor(lockDir)) > UNNAMED_LOCK_GRACE_MS) {
      await fs.rm(lockDir, { recursive: true, force: true });
      continue;
    }
    const holder = owner ? `process ${owner.pid} on ${owner.host}, since ${owner.since}` : 'another process';
    if (!options.wait) throw new IndexLockedError(`another isnad process is updating the index in ${indexDir} (${holder})`);
    const waited = Date.now() - started;
    if (waited >= reminded * WAIT_REMINDER_MS) {
      options.log?.(
        reminded === 0
          ? `waiting for ${holder}, which is updating the index in ${indexDir}…`
          : `still waiting for the index lock (${Math.round(waited / 1000)} s)…`,
      );
      reminded++;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The lock of a dead process on this machine: removed, unless a live writer took it meanwhile. */
async function takeOverFrom(dead: Owner, lockDir: string, ownerFile: string): Promise<void> {
  const now = await readOwner(ownerFile);
  if (!now || now.pid !== dead.pid || now.host !== dead.host || now.since !== dead.since) return;
  await fs.rm(ownerFile, { force: true });
  await fs.rm(lockDir, { recursive: true, force: true });
}

/** How long the lock has existed without an owner file, in ms (0 when it is gone). */
async function unnamedFor(lockDir: string): Promise<number> {
  const stat = await fs.stat(lockDir).catch(() => undefined);
  return stat ? Date.now() - stat.mtimeMs : 0;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(file: string): Promise<Owner | undefined> {
  try {
    const parsed = ownerSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function writeOwner(file: string, owner: Owner): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    await fs.writeFile(temporary, JSON.stringify(owner));
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true }); // a full disk: nothing left behind
    throw error;
  }
}
