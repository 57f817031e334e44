import { compareArticleIds, readCorpus, type Article, type SkippedFile } from '../corpus/index.ts';
import { BuiltinEmbedder } from '../embedding/index.ts';
import { corpusDifference, keptUnreadable } from './freshness.ts';
import { canAnswer, loadIndex } from './generation.ts';
import type { SearchIndex } from './search-index.ts';
import type { IndexSettings } from './settings.ts';
import { CorruptIndexError, readManifest, settingsMismatch, type Manifest } from './store.ts';

// Working out what changed in the corpus since the index was built: nothing here writes.

/** The default of IndexSettings.maxRemovedShare. */
export const DEFAULT_MAX_REMOVED_SHARE = 0.5;

export interface CorpusChanges {
  /** The index on disk, loaded, when it can be updated in place (same settings, not damaged). */
  existing: SearchIndex | undefined;
  /** The index on disk, loaded, when it can answer questions as it is (for serving it stale). */
  servable: SearchIndex | undefined;
  /** Generation of the manifest the index was loaded from (none: no index). */
  generation: number | undefined;
  /** The articles the updated index is to hold, sorted by id. */
  articles: Article[];
  skipped: SkippedFile[];
  added: Article[];
  changed: Article[];
  removed: string[];
}

/** Reads the corpus and compares it with the index on disk. */
export async function workOutChanges(settings: IndexSettings): Promise<CorpusChanges> {
  const log = settings.log ?? (() => {});
  const manifest = settings.manifest ?? readManifest(settings.indexDir);
  // The corpus is read while the index loads: one waits on the disk while the other parses.
  const loading = loadIndex(settings.indexDir, settings, manifest).then(
    (index) => ({ index }),
    (error: unknown) => ({ index: undefined, error }),
  );
  let read: Awaited<ReturnType<typeof readArticles>>;
  try {
    read = await readArticles(settings, manifest);
  } catch (error) {
    // The corpus folder is gone or unreadable (a mount not up): nothing to update from.
    const served = (await loading).index;
    if (served && canAnswer(served)) throw new CorpusUnavailableError((error as Error).message, served);
    throw error;
  }
  const { skipped, warnings, hint } = read;
  for (const w of warnings) log(`${w.file}: ${w.reason}`);
  let articles = read.articles;
  if (articles.length === 0 && hint.unchanged.length === 0 && !skipped.some((s) => s.unreadable)) {
    log(`the corpus folder ${settings.corpusDir} holds no readable article (.txt or .md): every question will go unanswered`);
  }

  const loaded: { index: SearchIndex | undefined; error?: unknown } = await loading;
  let existing = settings.rebuild ? undefined : loaded.index;
  if (loaded.error !== undefined && !settings.rebuild) {
    if (!(loaded.error instanceof CorruptIndexError)) throw loaded.error;
    log(`the index in ${settings.indexDir} is damaged (${loaded.error.message}); rebuilding it`);
  }
  const reason = existing && incompatibility(existing.manifest, settings);
  if (hint.unchanged.length) {
    // Articles found unchanged are the index's own, as loaded; were it not the index the hint came
    // from (damaged, other settings, replaced meanwhile), they are read in full after all.
    const held = existing && !reason && existing.manifest.generation === hint.generation ? existing : undefined;
    const reused = held ? hint.unchanged.map((id) => held.articles.get(id)) : [];
    if (held && reused.every((a, i) => a !== undefined && a.hash === hint.hashes[hint.unchanged[i]!])) {
      articles = mergeById(articles, reused as Article[]);
    } else {
      articles = (await readCorpus(settings.corpusDir)).articles;
    }
  }
  const kept = unreadableKept(articles, skipped, loaded.index);
  if (kept.length) articles = mergeById(articles, kept);
  for (const s of skipped) {
    const keeps = s.unreadable && kept.some((a) => a.id === s.file || (s.file.endsWith('/') && a.id.startsWith(s.file)));
    log(
      keeps
        ? `${s.file} ${s.reason.replace(/^could not be read/, 'could not be read now')}: the indexed version is kept`
        : `skipped ${s.file}: ${s.reason}`,
    );
  }
  if (reason) {
    log(`rebuilding the index: ${reason}`);
    existing = undefined;
  }

  const difference = corpusDifference(existing?.manifest.articleHashes ?? {}, articles);
  const byId = new Map(articles.map((a) => [a.id, a]));
  return {
    existing,
    servable: loaded.index && canAnswer(loaded.index) ? loaded.index : undefined,
    generation: loaded.index?.manifest.generation ?? hint.generation,
    articles,
    skipped,
    added: difference.added.map((id) => byId.get(id)!),
    changed: difference.changed.map((id) => byId.get(id)!),
    removed: difference.removed,
  };
}

/** The corpus folder cannot be listed; `served` is the index that can still answer. */
export class CorpusUnavailableError extends Error {
  override name = 'CorpusUnavailableError';
  constructor(
    message: string,
    readonly served: SearchIndex,
  ) {
    super(message);
  }
}

/** The indexed versions of the files that exist but cannot be read now (see freshness.ts). */
function unreadableKept(articles: readonly Article[], skipped: readonly SkippedFile[], index: SearchIndex | undefined): Article[] {
  if (!index) return [];
  const kept = keptUnreadable(index.articles.keys(), new Set(articles.map((a) => a.id)), skipped);
  return kept.map((id) => index.articles.get(id) as Article);
}

/** Why the update must not go ahead without `force`: it would drop too many of the served articles. */
export function removalGuard(changes: CorpusChanges, settings: IndexSettings): string | undefined {
  const served = changes.servable;
  if (settings.force || !served || served.articles.size === 0) return undefined;
  const kept = new Set(changes.articles.map((a) => a.id));
  let dropped = 0;
  for (const id of served.articles.keys()) if (!kept.has(id)) dropped++;
  const share = settings.maxRemovedShare ?? DEFAULT_MAX_REMOVED_SHARE;
  if (dropped === 0 || (dropped < served.articles.size && dropped <= share * served.articles.size)) return undefined;
  const what = dropped === served.articles.size ? 'every one' : `${dropped}`;
  return `the corpus folder ${settings.corpusDir} no longer holds ${what} of the ${served.articles.size} indexed articles (more than ${Math.round(share * 100)}%: a mount not up?); update with --force if that is intended`;
}

/**
 * Reads the corpus. With an index in place, files whose bytes are unchanged since it was built (by
 * the hashes in its manifest) are not decoded and cleaned again — most of the time of reading a
 * large corpus: they are listed in `hint.unchanged`, to be taken from the index once it is loaded.
 * (Reading before the load, or while it runs, not after: the same reads took twice as long with
 * the loaded index on the heap.)
 */
async function readArticles(settings: IndexSettings, read: Promise<Manifest | undefined>) {
  const manifest = settings.rebuild ? undefined : await read.catch(() => undefined);
  const known = manifest && !incompatibility(manifest, settings) ? manifest.articleHashes : undefined;
  const { articles, skipped, warnings, unchanged = [] } = await readCorpus(settings.corpusDir, { known });
  return { articles, skipped, warnings, hint: { unchanged, generation: manifest?.generation, hashes: known ?? {} } };
}

/** Two lists of articles each sorted by id as readCorpus sorts them (code points), merged in that order. */
function mergeById(a: readonly Article[], b: readonly Article[]): Article[] {
  const merged: Article[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && compareArticleIds(a[i]!.id, b[j]!.id) < 0)) merged.push(a[i++]!);
    else merged.push(b[j++]!);
  }
  return merged;
}

function incompatibility(manifest: Manifest, settings: IndexSettings): string | undefined {
  const embedderId = settings.embedder.kind === 'model' ? settings.embedder.embedder.id : BuiltinEmbedder.idFor(settings.embedder.dims);
  return settingsMismatch(manifest, { ...settings, embedderId });
}
