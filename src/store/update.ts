import { promises as fs } from 'node:fs';
import { folderWriteProblem } from '../config.ts';
import { applyChanges, buildFromScratch } from './build.ts';
import { CorpusUnavailableError, removalGuard, workOutChanges, type CorpusChanges } from './changes.ts';
import { loadIndex } from './generation.ts';
import { acquireWriterLock, IndexLockedError, type WriterLock } from './lock.ts';
import type { SearchIndex } from './search-index.ts';
import { IndexUpdateStopped, type IndexReport, type IndexSettings } from './settings.ts';
import { cannotWriteReason, freeBytes, isOutOfSpace, OutOfSpaceError, readManifest, removeUnlisted, type Manifest } from './store.ts';

/** Share of articles changed above which the built-in embedder is re-fitted (its idf would drift). */
const REFIT_SHARE = 0.3;

/**
 * Brings the index in `indexDir` up to date with the corpus and returns it, loaded.
 *
 * Readers (an up-to-date index) take no lock and change nothing on disk. Writing takes the index
 * folder's writer lock (lock.ts). When the index cannot be updated — the folder is read-only or
 * full, another process holds the lock, the update would drop most of the articles, the corpus
 * folder is gone — the index there keeps serving, with `report.stale` and one line saying why.
 */
export async function updateIndex(settings: IndexSettings): Promise<Updated> {
  const started = performance.now();
  let changes: CorpusChanges;
  try {
    changes = await workOutChanges(settings);
  } catch (error) {
    if (!(error instanceof CorpusUnavailableError)) throw error;
    return serveStale(error.served, undefined, error.message, settings, started);
  }
  if (isUpToDate(changes)) return upToDate(changes, started);

  const served = changes.servable;
  if (served && settings.readOnly) return serveStale(served, changes, 'this process only reads the index', settings, started);
  const guard = removalGuard(changes, settings);
  if (served && guard) return serveStale(served, changes, guard, settings, started);

  const taken = await takeWriterLock(settings, served !== undefined);
  if ('refused' in taken) return serveStale(served!, changes, taken.refused, settings, started);
  try {
    return await writeUnderLock(changes, taken.lock, settings, started);
  } finally {
    await taken.lock.release();
  }
}

type Updated = { index: SearchIndex; report: IndexReport };

/** The writer lock; or, when there is an index to serve meanwhile, why it cannot be had now. */
async function takeWriterLock(settings: IndexSettings, canServe: boolean): Promise<{ lock: WriterLock } | { refused: string }> {
  try {
    await fs.mkdir(settings.indexDir, { recursive: true });
    const whenLocked = settings.whenLocked ?? (canServe ? 'serve' : 'wait');
    const log = settings.log ?? (() => {});
    return { lock: await acquireWriterLock(settings.indexDir, { wait: whenLocked === 'wait', staleMs: settings.lockStaleMs, log }) };
  } catch (error) {
    const why = error instanceof IndexLockedError ? error.message : writeFailure(error, settings.indexDir);
    if (canServe && why && !(error instanceof IndexLockedError && settings.whenLocked === 'fail')) return { refused: why };
    throw explained(error, settings.indexDir);
  }
}

/**
 * Applies `seen` (the changes worked out before the lock was taken, again if another writer moved the index on
 * meanwhile). A failed write leaves nothing behind: the index on disk keeps serving when the folder cannot be
 * written now.
 */
async function writeUnderLock(seen: CorpusChanges, lock: WriterLock, settings: IndexSettings, started: number): Promise<Updated> {
  const served = seen.servable;
  let changes = seen;
  const writing: IndexSettings = { ...settings, shouldStop: () => lock.lost() || (settings.shouldStop?.() ?? false) };
  try {
    // The writer this one waited for may have brought the index up to date already.
    const onDisk = await readManifest(settings.indexDir).catch(() => undefined);
    if (onDisk?.generation !== changes.generation) {
      changes = await workOutChanges({ ...settings, log: undefined, manifest: undefined });
      if (isUpToDate(changes)) return upToDate(changes, started);
      const guardNow = removalGuard(changes, settings);
      if (changes.servable && guardNow) return serveStale(changes.servable, changes, guardNow, settings, started);
    }
    // What the manifest does not list is a dead writer's (this one holds the lock).
    await removeUnlisted(settings.indexDir, onDisk);
    const { index, embedded, rebuilt } = await build(changes, writing);
    return { index, report: reportOf(changes, index, embedded, rebuilt, started) };
  } catch (error) {
    const manifest = await readManifest(settings.indexDir).catch(() => undefined);
    await removeUnlisted(settings.indexDir, manifest).catch(() => {});
    if (lock.lost() && error instanceof IndexUpdateStopped) {
      throw new IndexLockedError(`another process took over the lock of the index in ${settings.indexDir}; nothing was written`);
    }
    if (error instanceof IndexUpdateStopped) throw error;
    const failure =
      isOutOfSpace(error) && !(error instanceof OutOfSpaceError) ? await outOfSpace(settings.indexDir, manifest, error) : error;
    const why = writeFailure(failure, settings.indexDir);
    // The loaded index may have been changed in memory by the failed update: served as it is on disk.
    const onDisk = why && served ? await loadIndex(settings.indexDir, settings).catch(() => undefined) : undefined;
    if (why && onDisk) return serveStale(onDisk, changes, why, settings, started);
    throw explained(failure, settings.indexDir);
  }
}

function upToDate(changes: CorpusChanges, started: number): Updated {
  return { index: changes.existing!, report: reportOf(changes, changes.existing!, 0, false, started) };
}

function isUpToDate(changes: CorpusChanges): boolean {
  return changes.existing !== undefined && changes.added.length + changes.changed.length + changes.removed.length === 0;
}

async function build(changes: CorpusChanges, settings: IndexSettings): Promise<{ index: SearchIndex; embedded: number; rebuilt: boolean }> {
  const { existing, articles, added, changed, removed } = changes;
  const refit =
    existing &&
    settings.embedder.kind === 'builtin' &&
    (added.length + changed.length + removed.length) / Math.max(1, articles.length) > REFIT_SHARE;
  if (!existing || refit) return { ...(await buildFromScratch(articles, settings, existing)), rebuilt: true };
  return { ...(await applyChanges(existing, [...added, ...changed], [...changed.map((a) => a.id), ...removed], settings)), rebuilt: false };
}

type Counts = Pick<CorpusChanges, 'added' | 'changed' | 'removed' | 'skipped'>;

function reportOf(changes: Counts, index: SearchIndex, embedded: number, rebuilt: boolean, started: number): IndexReport {
  const { added, changed, removed, skipped } = changes;
  return {
    upToDate: embedded === 0 && added.length + changed.length + removed.length === 0 && !rebuilt,
    rebuilt,
    articles: index.articles.size,
    chunks: index.chunksByLabel.size,
    added: added.length,
    changed: changed.length,
    removed: removed.length,
    embedded,
    skipped,
    embedderId: index.embedder.id,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The index as it is, with one line saying that it is stale and why. */
function serveStale(
  index: SearchIndex,
  changes: CorpusChanges | undefined,
  why: string,
  settings: IndexSettings,
  started: number,
): Updated {
  const what = changes ? differences(changes) : 'the corpus folder cannot be read';
  const stale = `${why}; answering from the index as it is (${index.articles.size} articles), which is stale: ${what}`;
  // A read-only open follows an update that already said why (Engine.reindex): not said twice.
  if (!settings.readOnly) settings.log?.(`the index in ${settings.indexDir} was not updated: ${stale}`);
  const report = reportOf(changes ?? { added: [], changed: [], removed: [], skipped: [] }, index, 0, false, started);
  return { index, report: { ...report, upToDate: false, stale } };
}

function differences(changes: CorpusChanges): string {
  const served = changes.servable;
  if (!changes.existing && served) {
    const now = new Set(changes.articles.map((a) => a.id));
    const gone = [...served.articles.keys()].filter((id) => !now.has(id)).length;
    const fresh = changes.articles.filter((a) => !served.articles.has(a.id)).length;
    return `the corpus has ${fresh} article(s) it lacks and lacks ${gone} of its articles, or its settings changed`;
  }
  return `${changes.added.length} article(s) added, ${changes.changed.length} changed, ${changes.removed.length} removed since it was built`;
}

/** An out-of-space failure with what the index takes (about what the new one needs) and what is free now. */
async function outOfSpace(dir: string, manifest: Manifest | undefined, error: unknown): Promise<OutOfSpaceError> {
  const current = manifest ? Object.values(manifest.files).reduce((sum, f) => sum + (f?.bytes ?? 0), 0) : undefined;
  if ((error as NodeJS.ErrnoException).code === 'EFBIG')
    return new OutOfSpaceError(dir, current, undefined, 'a file size limit (ulimit -f) was reached (EFBIG)');
  return new OutOfSpaceError(dir, current, await freeBytes(dir));
}

/** Why `error` means the index folder cannot be written now, or undefined for any other failure. */
function writeFailure(error: unknown, dir: string): string | undefined {
  // A recursive mkdir on a read-only mount fails with ENOENT: the folder's nearest ancestor says why.
  const mkdirFailed = (error as NodeJS.ErrnoException | null)?.syscall === 'mkdir';
  return cannotWriteReason(error) ?? (mkdirFailed ? folderWriteProblem(dir) : undefined);
}

/** A failure to write the index folder, said plainly. */
function explained(error: unknown, dir: string): unknown {
  if (error instanceof OutOfSpaceError || error instanceof IndexLockedError) return error;
  const why = writeFailure(error, dir);
  return why ? new Error(`the index folder ${dir} cannot be written: ${why}`, { cause: error }) : error;
}
