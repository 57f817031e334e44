import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { readCorpus } from '../../src/corpus/index.ts';

const reads = vi.hoisted(() => ({ inFlight: 0, max: 0, total: 0 }));

// Counts overlapping readFile calls to check that reading is concurrent but bounded.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = (async (...args: Parameters<typeof actual.readFile>) => {
    reads.inFlight++;
    reads.total++;
    reads.max = Math.max(reads.max, reads.inFlight);
    try {
      return await actual.readFile(...args);
    } finally {
      reads.inFlight--;
    }
  }) as typeof actual.readFile;
  return { ...actual, readFile, default: { ...actual, readFile } };
});

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

// How fast is measured by npm run bench (build time includes reading); here, only what is read and how.
it('reads 10,000 small files, in order, with a bounded number of open files', async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'isnad-many-'));
  const ids: string[] = [];
  for (let d = 0; d < 10; d++) {
    await mkdir(path.join(dir, `d${d}`));
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 1000; i++) {
      const id = `d${d}/${String(i).padStart(4, '0')}.txt`;
      ids.push(id);
      writes.push(writeFile(path.join(dir, id), `خبر رقم ${i}\n\nأعلنت الوزارة اليوم عن افتتاح المستشفى رقم ${i} في المدينة.\n`));
    }
    await Promise.all(writes);
  }
  const { articles, skipped } = await readCorpus(dir);
  expect(skipped).toEqual([]);
  expect(articles.map((a) => a.id)).toEqual(ids);
  expect(articles[1234]!.title).toBe('خبر رقم 234');
  expect(reads.total).toBe(10_000);
  expect(reads.max).toBeGreaterThan(1);
  expect(reads.max).toBeLessThanOrEqual(16);
});
