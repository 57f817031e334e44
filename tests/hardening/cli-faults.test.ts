// Faults through the real CLI process (`node bin/isnad.mjs`, see cli-process.ts for which build):
// - `isnad index` killed with SIGKILL at several points: the folder then holds the previous or the
//   new complete index, never a half-written one; the next start (`isnad ask`) reports no damage,
//   serves it (or brings it up to date) and answers verbatim; afterwards the index is up to date and
//   no stray file is left.
// - An index file truncated, altered or deleted: `isnad ask` says so on stderr, rebuilds, and answers
//   correctly; the run after that is silent.
// (tests/store/kill-during-write.test.ts kills a child running updateIndex; this is the binary itself.)

import { watch } from 'node:fs';
import { cp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndex, readManifest, updateIndex, type Manifest } from '../../src/store/index.ts';
import { ARCD_CORPUS, copyCorpus, NEWS_CORPUS, readArticleText, TempDirs } from '../helpers/fixtures.ts';
import { expectedContents, indexSettings } from '../helpers/index-settings.ts';
import { cliBinary, runCli, startCli, type CliRun } from './cli-process.ts';

const ANTALYA = 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';
const KHASHOGGI = 'من هو جمال أحمد حمزة خاشقجي؟';

const temp = new TempDirs();
let bin = '';
let cwd = '';
let newsDir = '';
let arcdDir = '';
let pristine = '';
let pristineManifest: Manifest;
let news: Awaited<ReturnType<typeof expectedContents>>;
let arcd: Awaited<ReturnType<typeof expectedContents>>;

beforeAll(async () => {
  const [built, ...dirs] = await Promise.all([
    temp.make('cli-build').then(cliBinary),
    temp.make('cli-cwd'),
    temp.make('cli-news'),
    temp.make('cli-arcd'),
    temp.make('cli-pristine'),
  ]);
  bin = built;
  [cwd, newsDir, arcdDir, pristine] = dirs as [string, string, string, string];
  await copyCorpus(NEWS_CORPUS, newsDir);
  expect(await copyCorpus(ARCD_CORPUS, arcdDir)).toHaveLength(146);
  // The five articles stay: an update that drops most of the indexed articles needs --force.
  await copyCorpus(NEWS_CORPUS, arcdDir);
  pristine = path.join(pristine, 'embeddings');
  const first = await runCli(bin, ['index', ...where(newsDir, pristine)], cwd);
  expect(first.stderr).toBe('');
  expect(first.stdout).toMatch(/^index built: 5 articles, /);
  pristineManifest = (await readManifest(pristine))!;
  news = await expectedContents(newsDir);
  arcd = await expectedContents(arcdDir);
}, 120_000);

afterAll(() => temp.removeAll());

function where(corpus: string, indexDir: string): string[] {
  return ['--corpus', corpus, '--index-dir', indexDir, '--embedder', 'builtin'];
}

interface QuoteJson {
  articleId: string;
  start: number;
  end: number;
  text: string;
}

/** `isnad ask --json` succeeded with an answer whose quotes are the corpus files' text at their offsets. */
async function expectVerbatimAnswer(run: CliRun, corpus: string, mustContain: string): Promise<void> {
  expect(run.code, run.stderr).toBe(0);
  const answer = JSON.parse(run.stdout) as { status: string; quotes: QuoteJson[] };
  expect(answer.status).toBe('answered');
  expect(answer.quotes.map((q) => q.text).join(' ')).toContain(mustContain);
  for (const q of answer.quotes) expect((await readArticleText(path.join(corpus, q.articleId))).slice(q.start, q.end)).toBe(q.text);
}

/** Which complete index the folder holds; fails on anything else. */
async function completeIndexIn(indexDir: string, corpus: string): Promise<'previous' | 'new'> {
  const index = await loadIndex(indexDir, indexSettings(corpus, indexDir));
  expect(index, 'an index is there').toBeDefined();
  const ids = [...index!.articles.keys()].sort();
  const state = ids.length === news.ids.length ? 'previous' : 'new';
  const expected = state === 'previous' ? news : arcd;
  expect(ids).toEqual(expected.ids);
  expect(index!.chunksByLabel.size).toBe(expected.chunks);
  expect(index!.vectors.size).toBe(expected.chunks);
  expect(index!.lexical.size).toBe(expected.chunks);
  return state;
}

/** Only the manifest and the files it lists. */
async function expectNoStrayFiles(indexDir: string): Promise<void> {
  const listed = Object.values((await readManifest(indexDir))!.files).flatMap((e) => (e ? [e.name] : []));
  expect((await readdir(indexDir)).sort()).toEqual(['manifest.json', ...listed].sort());
}

/**
 * Readers never delete (the files could be a live writer's): what a killed writer left — its lock,
 * parts of another generation, temporary files — stays until the next writer, and is nothing else.
 */
async function expectOnlyADeadWritersLeftovers(indexDir: string): Promise<void> {
  const listed = new Set(['manifest.json', ...Object.values((await readManifest(indexDir))!.files).flatMap((e) => (e ? [e.name] : []))]);
  const leftovers = (await readdir(indexDir)).filter((name) => !listed.has(name));
  for (const name of leftovers)
    expect(name).toMatch(/^(writer\.lock(\.owner)?|[a-z]+\.\d+\.(json|bin|hnsw)(\.tmp-\d+)?|manifest\.json\.tmp-\d+)$/);
}

interface KillPoint {
  /** Milliseconds after the process was spawned (it loads its modules first: about half a second here). */
  afterSpawnMs?: number;
  /** As soon as a file whose name matches shows up in (or leaves) the index folder; `{g}` is the new generation, `{old}` the previous. */
  whenFileAppears?: string;
}

/** Runs `isnad <args>` and SIGKILLs it at the point; resolves with how it ended and whether the point was reached. */
async function runAndKill(args: string[], indexDir: string, point: KillPoint): Promise<CliRun & { triggered: boolean }> {
  const generation = pristineManifest.generation + 1;
  const pattern = point.whenFileAppears
    ? new RegExp(point.whenFileAppears.replace('{g}', String(generation)).replace('{old}', String(pristineManifest.generation)))
    : undefined;
  let triggered = false;
  const running = startCli(bin, args, cwd);
  const kill = () => {
    triggered = true;
    running.child.kill('SIGKILL');
  };
  const watcher = pattern ? watch(indexDir, (_event, name) => name && pattern.test(name) && kill()) : undefined;
  const timer = point.afterSpawnMs !== undefined ? setTimeout(kill, point.afterSpawnMs) : undefined;
  const result = await running.done;
  watcher?.close();
  clearTimeout(timer);
  return { ...result, triggered };
}

const KILL_POINTS: Array<[string, KillPoint]> = [
  ['300 ms after it starts', { afterSpawnMs: 300 }],
  ['600 ms after it starts', { afterSpawnMs: 600 }],
  ['when the new HNSW file is being written', { whenFileAppears: '^hnsw\\.{g}\\.hnsw\\.tmp-\\d+$' }],
  ['when the new chunks file is in place', { whenFileAppears: '^chunks\\.{g}\\.json$' }],
  ['when the new manifest is being written', { whenFileAppears: '^manifest\\.json\\.tmp-\\d+$' }],
  ['as an old-generation file is removed', { whenFileAppears: '^articles\\.{old}\\.json$' }],
];

describe('isnad index killed (SIGKILL) while it replaces the 5-article index by a 151-article one', () => {
  const outcomes: Array<{ name: string; signal: string | null; state: string }> = [];

  it.each(KILL_POINTS)(
    "killed %s: a complete index; the next start answers from the new corpus; then up to date, nothing stray but the dead writer's files",
    async (name, point) => {
      const indexDir = path.join(await temp.make('killed'), 'embeddings');
      await cp(pristine, indexDir, { recursive: true });
      const killed = await runAndKill(['index', ...where(arcdDir, indexDir)], indexDir, point);
      expect(killed.triggered || killed.code === 0, `the kill point was reached or the run finished: ${killed.stderr}`).toBe(true);
      if (killed.signal === null) expect(killed.code, killed.stderr).toBe(0);
      const state = await completeIndexIn(indexDir, arcdDir);
      outcomes.push({ name, signal: killed.signal, state });

      // The next start: no damage to report; it brings the index up to date when needed and answers.
      const next = await runCli(bin, ['ask', KHASHOGGI, '--json', ...where(arcdDir, indexDir)], cwd);
      expect(next.stderr).toBe('');
      await expectVerbatimAnswer(next, arcdDir, 'صحفي');
      const { report } = await updateIndex(indexSettings(arcdDir, indexDir));
      expect(report).toMatchObject({ upToDate: true, articles: arcd.ids.length, chunks: arcd.chunks });
      await expectOnlyADeadWritersLeftovers(indexDir);
    },
  );

  it('the kills really cut runs short, both before and after the new index was committed', () => {
    console.log(outcomes.map((o) => `${o.name}: ${o.signal ?? 'finished'}, ${o.state} index`).join('\n'));
    expect(outcomes).toHaveLength(KILL_POINTS.length);
    expect(outcomes.filter((o) => o.signal === 'SIGKILL').length, JSON.stringify(outcomes)).toBeGreaterThanOrEqual(4);
    expect(
      outcomes.some((o) => o.signal === 'SIGKILL' && o.state === 'previous'),
      JSON.stringify(outcomes),
    ).toBe(true);
    expect(
      outcomes.some((o) => o.signal === 'SIGKILL' && o.state === 'new'),
      JSON.stringify(outcomes),
    ).toBe(true);
  });
});

describe('isnad index --rebuild killed (SIGKILL) over an unchanged corpus', () => {
  it.each(KILL_POINTS.filter(([, p]) => p.whenFileAppears))(
    'killed %s: the next start serves the index as it is, without rebuilding',
    async (_name, point) => {
      const indexDir = path.join(await temp.make('rebuild-killed'), 'embeddings');
      await cp(pristine, indexDir, { recursive: true });
      const killed = await runAndKill(['index', '--rebuild', ...where(newsDir, indexDir)], indexDir, point);
      expect(killed.triggered || killed.code === 0).toBe(true);
      expect(await completeIndexIn(indexDir, newsDir)).toBe('previous');

      const next = await runCli(bin, ['ask', ANTALYA, '--json', ...where(newsDir, indexDir)], cwd);
      expect(next.stderr).toBe('');
      await expectVerbatimAnswer(next, newsDir, 'أنطاليا');
      const { report } = await updateIndex(indexSettings(newsDir, indexDir));
      expect(report).toMatchObject({ upToDate: true, embedded: 0 });
      await expectOnlyADeadWritersLeftovers(indexDir);
      // The next writer takes the dead one's lock over and removes what it left.
      await updateIndex(indexSettings(newsDir, indexDir, { rebuild: true, whenLocked: 'fail' }));
      await expectNoStrayFiles(indexDir);
    },
  );
});

async function flipByte(file: string): Promise<void> {
  const bytes = await readFile(file);
  const i = Math.floor(bytes.length / 2);
  bytes[i] = bytes[i]! ^ 0x01;
  await writeFile(file, bytes);
}

const DAMAGE: Array<[string, (dir: string) => Promise<unknown>]> = [
  ['the HNSW file truncated', (dir) => truncate(path.join(dir, pristineManifest.files.hnsw.name), 1000)],
  ['one byte of the lexical file flipped', (dir) => flipByte(path.join(dir, pristineManifest.files.lexical.name))],
  ['the chunks file deleted', (dir) => rm(path.join(dir, pristineManifest.files.chunks.name))],
  [
    'the manifest cut in half',
    async (dir) => {
      const manifest = await readFile(path.join(dir, 'manifest.json'));
      await writeFile(path.join(dir, 'manifest.json'), manifest.subarray(0, manifest.length >> 1));
    },
  ],
];

describe.each(DAMAGE)('isnad ask over an index with %s', (_name, damage) => {
  it('says on stderr that the index is damaged and is being rebuilt, answers verbatim; the next run is silent', async () => {
    const indexDir = path.join(await temp.make('damaged'), 'embeddings');
    await cp(pristine, indexDir, { recursive: true });
    await damage(indexDir);

    const first = await runCli(bin, ['ask', ANTALYA, '--json', ...where(newsDir, indexDir)], cwd);
    expect(first.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^the index in ${indexDir} is damaged \\(.+\\); rebuilding it$`)),
    ]);
    await expectVerbatimAnswer(first, newsDir, 'أنطاليا');
    await expectNoStrayFiles(indexDir);

    const second = await runCli(bin, ['ask', ANTALYA, '--json', ...where(newsDir, indexDir)], cwd);
    expect(second.stderr).toBe('');
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(first.stdout));
  });
});
