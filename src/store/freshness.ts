import type { SkippedFile } from '../corpus/index.ts';

// The one up-to-date check: what differs between the articles an index holds (id → hash) and the
// corpus as read now. Updating (changes.ts) and the quick article list (listing.ts) both ask it, so
// they agree on every file: one gone is removed, one there but unreadable now (permissions, a
// network share's I/O error) keeps its indexed version, one skipped for what it holds (empty, not
// text) was never indexed and changes nothing.

export interface CorpusDifference {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Whether a skipped file (or folder, ending in "/") that is there but unreadable now covers the article `id`. */
function coveredByUnreadable(id: string, skipped: readonly SkippedFile[]): boolean {
  return skipped.some((s) => s.unreadable && (s.file.endsWith('/') ? id.startsWith(s.file) : id === s.file));
}

/** The indexed article ids that stay although the corpus did not yield them: their files are unreadable now, not gone. */
export function keptUnreadable(indexedIds: Iterable<string>, present: ReadonlySet<string>, skipped: readonly SkippedFile[]): string[] {
  if (!skipped.some((s) => s.unreadable)) return [];
  return [...indexedIds].filter((id) => !present.has(id) && coveredByUnreadable(id, skipped)).sort();
}

/**
 * `current`: the articles read (id and hash), with those found unchanged and those kept as
 * unreadable given their indexed hash.
 */
export function corpusDifference(
  indexed: Readonly<Record<string, string>>,
  current: ReadonlyArray<{ id: string; hash: string }>,
): CorpusDifference {
  const ids = new Set(current.map((a) => a.id));
  return {
    added: current.filter((a) => !Object.hasOwn(indexed, a.id)).map((a) => a.id),
    changed: current.filter((a) => Object.hasOwn(indexed, a.id) && indexed[a.id] !== a.hash).map((a) => a.id),
    removed: Object.keys(indexed).filter((id) => !ids.has(id)),
  };
}

export function isUpToDate(difference: CorpusDifference): boolean {
  return difference.added.length === 0 && difference.changed.length === 0 && difference.removed.length === 0;
}
