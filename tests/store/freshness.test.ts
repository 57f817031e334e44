// The one up-to-date check (src/store/freshness.ts) that updating and the quick article list share.

import { describe, expect, it } from 'vitest';
import { corpusDifference, isUpToDate, keptUnreadable } from '../../src/store/freshness.ts';

const indexed = { 'a.txt': 'h1', 'b.txt': 'h2', 'sub/c.txt': 'h3', 'sub/d.txt': 'h4' };

describe('corpusDifference', () => {
  it('names the added, changed and removed articles, and nothing for the corpus the index holds', () => {
    const same = Object.entries(indexed).map(([id, hash]) => ({ id, hash }));
    expect(isUpToDate(corpusDifference(indexed, same))).toBe(true);
    const difference = corpusDifference(indexed, [
      { id: 'a.txt', hash: 'h1' },
      { id: 'b.txt', hash: 'changed' },
      { id: 'e.txt', hash: 'h5' },
    ]);
    expect(difference).toEqual({ added: ['e.txt'], changed: ['b.txt'], removed: ['sub/c.txt', 'sub/d.txt'] });
    expect(isUpToDate(difference)).toBe(false);
  });
});

describe('keptUnreadable', () => {
  it('keeps the indexed articles of files and folders that are there but unreadable now, not those gone or skipped for their content', () => {
    const present = new Set(['a.txt']);
    const skipped = [
      { file: 'b.txt', reason: 'could not be read: EACCES', unreadable: true },
      { file: 'sub/', reason: 'folder could not be read: EIO', unreadable: true },
      { file: 'gone.txt', reason: 'could not be read: ENOENT' },
    ];
    expect(keptUnreadable(Object.keys(indexed), present, skipped)).toEqual(['b.txt', 'sub/c.txt', 'sub/d.txt']);
    expect(keptUnreadable(Object.keys(indexed), present, [{ file: 'b.txt', reason: 'empty file' }])).toEqual([]);
  });
});
