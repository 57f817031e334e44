import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { cp, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltinEmbedder } from '../../src/embedding/builtin-embedder.ts';
import { loadIndex, readManifest, updateIndex, type SearchIndex } from '../../src/store/index.ts';
import { searchPassages } from '../../src/retrieval/index.ts';
import { ARCD_CORPUS, copyCorpus, NEWS_CORPUS, readArticleText, ROOT, TempDirs } from '../helpers/fixtures.ts';
import { expectedContents, indexSettings } from '../helpers/index-settings.ts';

/**
 * An index of the 5 news articles exists; a child process brings it up to date with the 146 ARCD articles (a
 * full rebuild: new generation, every file rewritten) and is SIGKILLed part-way. Whatever the moment, the folder
 * must hold either the previous complete index or the new complete one.
 */
const CHILD = path.join(ROOT, 'tests/helpers/update-index-child.ts');
const CHILD_TIME_LIMIT_MS = 30_000;

interface KillPoint {
  /** Milliseconds after the child has loaded its modules and starts updateIndex. */
  afterStartMs?: number;
  /** Kill as soon as a file with a name like this shows up in the index folder. */
  whenFileAppears?: RegExp;
}

type State = 'previous' | 'new';

interface Outcome {
  name: string;
  signal: NodeJS.Signals | null;
  state: State;
  /** The child had begun writing the new generation when it died (some of its files were on disk). */
  diedWhileWriting: boolean;
}

const temp = new TempDirs();
let newsDir = '';
let arcdDir = '';
let pristineDir = '';
let previous: Awaited<ReturnType<typeof expectedContents>>;
let next: Awaited<ReturnType<typeof expectedContents>>;
let nextGeneration = 0;
const outcomes: Outcome[] = [];

beforeAll(async () => {
  newsDir = await temp.make('news');
  arcdDir = await temp.make('arcd');
  pristineDir = await temp.make('pristine');
  await copyCorpus(NEWS_CORPUS, newsDir);
  expect(await copyCorpus(ARCD_CORPUS, arcdDir)).toHaveLength(146);
  const { index } = await updateIndex(indexSettings(newsDir, pristineDir));
  nextGeneration = index.manifest.generation + 1;
  previous = await expectedContents(newsDir);
  next = await expectedContents(arcdDir);
});

afterAll(() => temp.removeAll());

function runChild(
  indexDir: string,
  point: KillPoint,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; triggered: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, arcdDir, indexDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let triggered = false;
    const timers: NodeJS.Timeout[] = [];
    const kill = () => {
      triggered = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const watcher = point.whenFileAppears
      ? watch(indexDir, (_event, name) => {
          if (name && point.whenFileAppears!.test(name)) kill();
        })
      : undefined;
    child.stdout.setEncoding('utf8').on('data', (data: string) => {
      const wasReady = stdout.startsWith('ready\n');
      stdout += data;
      if (!wasReady && stdout.startsWith('ready\n') && point.afterStartMs !== undefined) timers.push(setTimeout(kill, point.afterStartMs));
    });
    child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
    timers.push(setTimeout(() => child.kill('SIGKILL'), CHILD_TIME_LIMIT_MS));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      watcher?.close();
      for (const t of timers) clearTimeout(t);
      resolve({ code, signal, triggered, stderr });
    });
  });
}

/** Which complete index this is; fails on anything else, including parts of both. */
async function classify(index: SearchIndex): Promise<State> {
  const ids = [...index.articles.keys()].sort();
  const state: State = ids.length === previous.ids.length ? 'previous' : 'new';
  const expected = state === 'previous' ? previous : next;
  expect(ids).toEqual(expected.ids);
  expect(index.manifest.counts).toEqual({ articles: expected.ids.length, chunks: expected.chunks });
  expect(index.chunksByLabel.size).toBe(expected.chunks);
  expect(index.lexical.size).toBe(expected.chunks);
  expect(index.vectors.size).toBe(expected.chunks);
  // Every chunk has the vector of its own text under the embedder stored with this generation.
  expect(index.embedder).toBeInstanceOf(BuiltinEmbedder);
  const embedder = index.embedder as BuiltinEmbedder;
  const chunks = [...index.chunksByLabel.values()];
  for (const chunk of chunks.filter((_, i) => i % 7 === 0)) {
    const stored = index.vectors.vector(chunk.label);
    const fresh = embedder.embed(index.chunkText(chunk));
    expect(stored.reduce((sum, x, j) => sum + x * fresh[j]!, 0)).toBeGreaterThan(0.9999);
  }
  // And it is quotable: passages are the corpus files' text at their offsets.
  const corpusDir = state === 'previous' ? newsDir : arcdDir;
  const query = index.chunkText(chunks[0]!).split(/\s+/).slice(0, 8).join(' ');
  const passages = await searchPassages(index, query, { k: 5 });
  expect(passages.length).toBeGreaterThan(0);
  for (const p of passages) expect((await readArticleText(path.join(corpusDir, p.articleId))).slice(p.start, p.end)).toBe(p.text);
  return state;
}

const KILL_POINTS: Array<[string, KillPoint]> = [
  ['50 ms after updateIndex starts', { afterStartMs: 50 }],
  ['200 ms after updateIndex starts', { afterStartMs: 200 }],
  ['when the new HNSW file is being written', { whenFileAppears: /^hnsw\.2\.hnsw\.tmp-\d+$/ }],
  ['when the new articles file is in place', { whenFileAppears: /^articles\.2\.json$/ }],
  ['when the new lexical file is being written', { whenFileAppears: /^lexical\.2\.json\.tmp-\d+$/ }],
  ['when the new manifest is being written', { whenFileAppears: /^manifest\.json\.tmp-\d+$/ }],
  ['right after the new manifest is renamed into place', { whenFileAppears: /^manifest\.json$/ }],
];

describe('updateIndex killed while it replaces a 5-article index by a 146-article one', () => {
  it('starts from an index of generation 1, so the new files are of generation 2 (as the kill points assume)', () => {
    expect(nextGeneration).toBe(2);
  });

  it.each(KILL_POINTS)('killed %s: the previous or the new complete index, then a clean update', async (name, point) => {
    const indexDir = path.join(await temp.make('killed'), 'embeddings');
    await cp(pristineDir, indexDir, { recursive: true });

    const { code, signal, triggered, stderr } = await runChild(indexDir, point);
    expect(triggered, 'the kill point was reached').toBe(true);
    if (signal === null) expect(code, stderr).toBe(0);
    else expect(signal).toBe('SIGKILL');
    const leftovers = await readdir(indexDir);

    const loaded = await loadIndex(indexDir, indexSettings(arcdDir, indexDir));
    expect(loaded).toBeDefined();
    const state = await classify(loaded!);
    if (signal === null) expect(state).toBe('new');
    outcomes.push({
      name,
      signal,
      state,
      diedWhileWriting: signal === 'SIGKILL' && state === 'previous' && leftovers.some((n) => n.includes('.2.') || n.includes('.tmp-')),
    });

    // Waits for the lock: a child killed between taking it and naming itself leaves a lock that is
    // respected for a few seconds (lock.ts), and serving the old index meanwhile is not what is tested here.
    const { report } = await updateIndex(indexSettings(arcdDir, indexDir, { force: true, whenLocked: 'wait' }));
    expect(report.articles).toBe(next.ids.length);
    expect(report.chunks).toBe(next.chunks);
    expect(await classify((await loadIndex(indexDir, indexSettings(arcdDir, indexDir)))!)).toBe('new');
    const names = await readdir(indexDir);
    expect(names.filter((n) => n.includes('.tmp-'))).toEqual([]);
    if (state === 'previous') {
      // The update wrote a new generation and cleaned up: only the manifest and the files it lists remain.
      expect(report.rebuilt).toBe(true);
      const listed = Object.values((await readManifest(indexDir))!.files).flatMap((e) => (e ? [e.name] : []));
      expect(names.sort()).toEqual(['manifest.json', ...listed].sort());
    }
  });

  it('really interrupted a write: at least one kill left new-generation files beside the previous index', () => {
    expect(outcomes).toHaveLength(KILL_POINTS.length);
    expect(outcomes.filter((o) => o.signal === 'SIGKILL').length).toBeGreaterThanOrEqual(KILL_POINTS.length / 2);
    expect(
      outcomes.some((o) => o.diedWhileWriting),
      JSON.stringify(outcomes),
    ).toBe(true);
    expect(
      outcomes.some((o) => o.state === 'new'),
      JSON.stringify(outcomes),
    ).toBe(true);
  });
});
