// What a command loads at start-up, read from esbuild's account of the bundle `npm run build` makes:
// the files of the command's chunk and of every chunk it imports statically (import() loads later).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../../scripts/build/bundle-cli.ts';
import { ROOT } from '../helpers/fixtures.ts';

let dir: string;
let metafile: Metafile;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'isnad-bundle-'));
  metafile = await bundleCli(ROOT, path.join(dir, 'bundle'));
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The source files and packages loaded before `entry` (a source file) runs: cli.js's chunks and its own. */
function loadedWith(entry: string): string[] {
  const outputs = metafile.outputs;
  const chunkOf = (source: string) => Object.keys(outputs).find((name) => outputs[name]!.entryPoint === source);
  const seen = new Set<string>();
  const visit = (chunk: string | undefined) => {
    if (!chunk || seen.has(chunk)) return;
    seen.add(chunk);
    for (const i of outputs[chunk]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(chunkOf('src/cli/main.ts'));
  visit(chunkOf(entry));
  expect(seen.size).toBeGreaterThan(1);
  return [...seen].flatMap((chunk) => Object.keys(outputs[chunk]!.inputs));
}

describe('the bundled CLI', () => {
  it('lists the articles with the index readers alone: no index writer, lock, search, answering, article parser or text analysis', () => {
    const files = loadedWith('src/cli/commands/articles.ts');
    expect(files).toContain('src/store/listing.ts');
    expect(files).toContain('src/store/store.ts');
    const heavy = ['src/store/update.ts', 'src/store/build.ts', 'src/store/lexical.ts', 'src/engine/engine.ts', 'src/retrieval/hybrid.ts'];
    heavy.push('src/answering/compose.ts', 'src/answering/model.ts', 'src/answering/answer-model.json');
    // Nor the article parser and the text analysis: an up-to-date index is listed without parsing an article.
    heavy.push(
      'src/corpus/clean.ts',
      'src/corpus/lexicon.ts',
      'src/corpus/front-matter.ts',
      'src/embedding/builtin-embedder.ts',
      'src/arabic/analyze.ts',
    );
    // node:worker_threads is slow to load, and a small corpus is read without it.
    heavy.push('src/worker-thread.ts');
    expect(files.filter((f) => heavy.includes(f) || f.includes('node_modules/proper-lockfile/'))).toEqual([]);
  });

  it('loads the engine of ask only when it opens it, and zod/mini rather than classic zod', () => {
    const files = loadedWith('src/cli/commands/ask.ts');
    expect(files).toContain('src/cli/commands/ask.ts');
    expect(files).not.toContain('src/engine/engine.ts');
    const zod = files.filter((f) => f.includes('node_modules/zod/'));
    expect(zod.some((f) => f.includes('/v4/mini/'))).toBe(true);
    expect(zod.filter((f) => f.includes('/v4/classic/') || (f.includes('/locales/') && !/\/locales\/(en|index)\.js$/.test(f)))).toEqual([]);
  });
});
