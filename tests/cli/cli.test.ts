import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chunkArticle } from '../../src/chunking/index.ts';
import { readCorpus, type Article } from '../../src/corpus/index.ts';
import { BuiltinEmbedder } from '../../src/embedding/builtin-embedder.ts';
import { run, runJson, useCliFolders } from '../helpers/cli-run.ts';
import { ARCD_CORPUS, copyCorpus, NEWS_CORPUS, readArticleText, ROOT, TempDirs } from '../helpers/fixtures.ts';
import { DEFAULT_BUILTIN_DIMS, DEFAULT_CHUNKING } from '../helpers/index-settings.ts';

const temp = new TempDirs();
/** A copy of the news corpus, and the index the commands share (built by the first command that needs it). */
let corpusDir = '';
let indexDir = '';
let articles: Article[] = [];
let fileTexts = new Map<string, string>();
const EMBEDDER_ID = BuiltinEmbedder.idFor(DEFAULT_BUILTIN_DIMS);

beforeAll(async () => {
  corpusDir = await temp.make('cli-corpus');
  indexDir = path.join(await temp.make('cli-index'), 'embeddings');
  await copyCorpus(NEWS_CORPUS, corpusDir);
  articles = (await readCorpus(corpusDir)).articles;
  fileTexts = new Map(await Promise.all(articles.map(async (a) => [a.id, await readArticleText(path.join(corpusDir, a.id))] as const)));
  useCliFolders(corpusDir, indexDir);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await temp.removeAll();
});

/** The text of the corpus file, read independently of the index, at the given offsets. */
function expectQuotable(item: { articleId: string; start: number; end: number; text: string }): void {
  const text = fileTexts.get(item.articleId);
  expect(text, item.articleId).toBeDefined();
  expect(item.end).toBeGreaterThan(item.start);
  expect(text!.slice(item.start, item.end)).toBe(item.text);
}

interface PassageJson {
  rank: number;
  articleId: string;
  title: string;
  outlet: string | null;
  start: number;
  end: number;
  text: string;
  scores: { lexical: number; vector: number; fused: number };
}

/** Passages as search returns them: ranked 1, 2, 3 … — or, with `subset`, some of them, in rank order. */
function expectPassages(passages: PassageJson[], subset = false): void {
  passages.forEach((p, i) => {
    if (subset) expect(p.rank).toBeGreaterThan(i === 0 ? 0 : passages[i - 1]!.rank);
    else expect(p.rank).toBe(i + 1);
    const article = articles.find((a) => a.id === p.articleId)!;
    expect(article, p.articleId).toBeDefined();
    expect(p.title).toBe(article.title);
    expect(p.outlet).toBe(article.outlet);
    for (const score of [p.scores.lexical, p.scores.vector, p.scores.fused]) expect(typeof score).toBe('number');
    expectQuotable(p);
  });
}

interface QuoteJson {
  articleId: string;
  start: number;
  end: number;
  text: string;
  citation: number;
}

interface SourceJson {
  number: number;
  articleId: string;
  title: string;
  outlet: string | null;
}

/** Quotes are verbatim and each cites the source of its own article; sources are numbered 1, 2, … */
function expectQuotesAndSources(quotes: QuoteJson[], sources: SourceJson[]): void {
  expect(sources.map((s) => s.number)).toEqual(sources.map((_, i) => i + 1));
  for (const s of sources) {
    const article = articles.find((a) => a.id === s.articleId)!;
    expect(s.title).toBe(article.title);
    expect(s.outlet).toBe(article.outlet);
  }
  for (const q of quotes) {
    expectQuotable(q);
    expect(sources.find((s) => s.number === q.citation)?.articleId).toBe(q.articleId);
  }
}

const article = (prefix: string) => articles.find((a) => a.id.startsWith(prefix))!;

describe('isnad index', () => {
  it('prints a one-line summary, then "up to date", then what an added article changed', async () => {
    const ownCorpus = await temp.make('index-corpus');
    const ownIndex = path.join(await temp.make('index-index'), 'embeddings');
    await copyCorpus(NEWS_CORPUS, ownCorpus);
    const chunks = articles.reduce((sum, a) => sum + chunkArticle(a, DEFAULT_CHUNKING).length, 0);
    const args = ['index', '--corpus', ownCorpus, '--index-dir', ownIndex];

    const first = await run(...args);
    expect(first).toMatchObject({ code: 0, err: [] });
    expect(first.out).toHaveLength(1);
    expect(first.out[0]).toMatch(
      new RegExp(`^index built: 5 articles, ${chunks} chunks, ${chunks} embedded, ${EMBEDDER_ID}, \\d+\\.\\d\\d s$`),
    );

    const second = await run(...args);
    expect(second).toMatchObject({ code: 0, err: [] });
    expect(second.out).toHaveLength(1);
    expect(second.out[0]).toMatch(new RegExp(`^index is up to date: 5 articles, ${chunks} chunks, 0 embedded, ${EMBEDDER_ID}, `));

    // One new article among six stays under the share that makes the built-in embedder re-fit: an update.
    await copyCorpus(ARCD_CORPUS, ownCorpus, ['0003.txt']);
    const third = await run(...args);
    expect(third).toMatchObject({ code: 0, err: [] });
    expect(third.out[0]).toMatch(/^index updated \(1 added, 0 changed, 0 removed\): 6 articles, \d+ chunks, [1-9]\d* embedded, /);
  });
});

describe('isnad commands with --json', () => {
  it('sources: question, k, embedder and ranked passages with offsets and scores', async () => {
    const query = 'اجتماع رؤساء الأركان في أنطاليا';
    const result = await runJson<{ question: string; k: number; embedder: string; passages: PassageJson[] }>('sources', query, '--k', '3');
    expect(result.question).toBe(query);
    expect(result.k).toBe(3);
    expect(result.embedder).toBe(EMBEDDER_ID);
    expect(result.passages.length).toBeGreaterThan(0);
    expect(result.passages.length).toBeLessThanOrEqual(3);
    expectPassages(result.passages);
    expect(result.passages.some((p) => p.articleId === article('002').id && p.text.includes('أنطاليا'))).toBe(true);
    const fused = result.passages.map((p) => p.scores.fused);
    expect(fused).toEqual([...fused].sort((a, b) => b - a));
  });

  it('ask: an answer quoted word for word, with numbered sources', async () => {
    const question = 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';
    const answer = await runJson<{
      status: string;
      question: string;
      quotes: QuoteJson[];
      sources: SourceJson[];
      passages: PassageJson[];
      suggestions: SourceJson[];
      evidence: number;
      confidence: number;
    }>('ask', question);
    expect(answer.status).toBe('answered');
    expect(answer.confidence).toBeGreaterThan(0);
    expect(answer.confidence).toBeLessThanOrEqual(1);
    // The first quote marks the city; the mark is the article's text at its offsets.
    const mark = (answer.quotes[0] as QuoteJson & { highlight: { start: number; end: number } | null }).highlight;
    expect(mark).not.toBeNull();
    expect(fileTexts.get(answer.quotes[0]!.articleId)!.slice(mark!.start, mark!.end)).toContain('أنطاليا');
    expect(answer.question).toBe(question);
    expect(answer.quotes.length).toBeGreaterThan(0);
    expectQuotesAndSources(answer.quotes, answer.sources);
    expect(answer.quotes.some((q) => q.text.includes('أنطاليا'))).toBe(true);
    expect(answer.quotes.reduce((sum, q) => sum + q.text.length, 0)).toBeLessThanOrEqual(900);
    // The passages of an answer are those its quotes were taken from.
    expectPassages(answer.passages, true);
    const overlaps = (q: QuoteJson, p: PassageJson) => q.articleId === p.articleId && q.start < p.end && p.start < q.end;
    for (const p of answer.passages) expect(answer.quotes.some((q) => overlaps(q, p))).toBe(true);
    for (const q of answer.quotes) expect(answer.passages.some((p) => overlaps(q, p))).toBe(true);
    expect(answer.suggestions).toEqual([]);
    expect(answer.evidence).toBeGreaterThan(0);
    expect(answer.evidence).toBeLessThanOrEqual(1);
  });

  it('ask: no quote for a question the articles do not answer', async () => {
    const answer = await runJson<{ status: string; quotes: unknown[]; sources: unknown[] }>('ask', 'ما هي عاصمة اليابان؟');
    expect(answer).toMatchObject({ status: 'not_found', quotes: [], sources: [] });
  });

  it('search, the old name of sources: the same output, after one line on stderr', async () => {
    const args = ['مفاوضات آستانة', '--k', '2'];
    const old = await run('search', ...args);
    const current = await run('sources', ...args);
    expect(old.code).toBe(0);
    expect(old.out).toEqual(current.out);
    expect(old.err).toEqual([`isnad: "search" is now "sources" (the same as Discord's /sources); the old name will go away`]);
    expect(current.err).toEqual([]);
  });

  it('sources: the passages behind a question', async () => {
    const result = await runJson<{ question: string; passages: PassageJson[] }>('sources', 'مفاوضات آستانة', '--k', '4');
    expect(result.question).toBe('مفاوضات آستانة');
    expect(result.passages.length).toBeGreaterThan(0);
    expect(result.passages.length).toBeLessThanOrEqual(4);
    expectPassages(result.passages);
    expect(result.passages.some((p) => p.text.includes('آستانة'))).toBe(true);
  });

  it("sources: each passage shown by the sentences around the question words, as Discord's /sources shows it", async () => {
    const question = 'أين اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';
    const [passage] = (await runJson<{ passages: PassageJson[] }>('sources', question, '--k', '1')).passages;
    const { code, out } = await run('sources', question, '--k', '1');
    expect(code).toBe(0);
    const shown = out[1]!;
    expect(shown).toContain('أنطاليا');
    expect(shown.replace(/^… | …$/g, '').length).toBeLessThan(passage!.text.length);
  });

  it('a question in English is told the articles are Arabic (the built-in search cannot match it), as on Discord', async () => {
    const { code, out, err } = await run('ask', 'Where did the chiefs of staff meet?');
    expect(code).toBe(0);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(/The articles are in Arabic and the built-in search cannot match a question in another language/);
    expect((await run('sources', 'Where did the chiefs of staff meet?')).err[0]).toMatch(/^المقالات بالعربية/);
  });

  it('summary --article 002: sentences of that article, in document order, citing it', async () => {
    const target = article('002');
    const summary = await runJson<{ kind: string; heading: string; quotes: QuoteJson[]; sources: SourceJson[] }>(
      'summary',
      '--article',
      '002',
    );
    expect(summary.kind).toBe('article');
    expect(summary.heading).toBe(target.title);
    expect(summary.sources).toEqual([{ number: 1, articleId: target.id, title: target.title, outlet: target.outlet }]);
    expect(summary.quotes.length).toBeGreaterThanOrEqual(3);
    expectQuotesAndSources(summary.quotes, summary.sources);
    const starts = summary.quotes.map((q) => q.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('summary --topic: sentences about the topic from the articles that cover it', async () => {
    const topic = 'قاعدة إنجرليك';
    const summary = await runJson<{ kind: string; heading: string; quotes: QuoteJson[]; sources: SourceJson[] }>(
      'summary',
      '--topic',
      topic,
    );
    expect(summary.kind).toBe('topic');
    expect(summary.heading).toBe(topic);
    expect(summary.quotes.length).toBeGreaterThan(0);
    expectQuotesAndSources(summary.quotes, summary.sources);
    expect(summary.quotes.some((q) => q.text.includes('إنجرليك'))).toBe(true);
  });

  it('articles: id, title, outlet, size and chunk count of every article', async () => {
    const result = await runJson<{
      articles: Array<{ id: string; title: string; outlet: string | null; characters: number; chunks: number }>;
    }>('articles');
    // In the corpus's order (ids by code point), as read; an update keeps that order (tests/store/incremental.test.ts).
    expect(result.articles).toEqual(
      articles.map((a) => ({
        id: a.id,
        title: a.title,
        outlet: a.outlet,
        characters: fileTexts.get(a.id)!.length,
        chunks: chunkArticle(a, DEFAULT_CHUNKING).length,
      })),
    );
  });
});

describe('isnad articles', () => {
  it('lists the articles, then one line naming the embedder; no notice about it on stderr', async () => {
    const { code, out, err } = await run('articles');
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out).toHaveLength(articles.length + 1);
    expect(out.at(-1)).toMatch(/^embedder: built-in \(builtin:[^)]*not meaning; `npx isnad model download`/);
  });
});

describe('isnad usage errors', () => {
  it.each([
    ['ask without a question', ['ask'], 'the question is missing'],
    ['ask with a blank question', ['ask', '   '], 'the question is missing'],
    ['sources with --k 0', ['sources', 'سوريا', '--k', '0'], '--k must be a whole number from 1 to 100, not "0"'],
    ['sources with --k abc', ['sources', 'سوريا', '--k', 'abc'], '--k must be a whole number from 1 to 100, not "abc"'],
    ['sources with --k 2.5', ['sources', 'سوريا', '--k', '2.5'], '--k must be a whole number from 1 to 100, not "2.5"'],
    ['an unknown command', ['frobnicate'], 'unknown command "frobnicate"'],
    ['summary with both --article and --topic', ['summary', '--article', '002', '--topic', 'سوريا'], 'exactly one of --article or --topic'],
    ['summary with neither', ['summary'], 'exactly one of --article or --topic'],
    ['an unknown option', ['sources', 'سوريا', '--frobnicate'], '--frobnicate'],
  ])('%s: exit 2 with the problem and the usage', async (_what, argv, message) => {
    const { code, out, err } = await run(...argv);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]!.startsWith('isnad: ')).toBe(true);
    expect(err[0]).toContain(message);
    expect(err[0]).toContain('usage:');
  });

  it('no command at all: the usage on stdout, exit 2', async () => {
    const { code, out } = await run();
    expect(code).toBe(2);
    expect(out.join('\n')).toContain('usage:');
  });
});

describe('isnad runtime errors', () => {
  it('a corpus folder that does not exist: exit 1 with a message naming it', async () => {
    const missing = path.join(await temp.make('gone'), 'no-such-corpus');
    const { code, out, err } = await run('sources', 'سوريا', '--corpus', missing, '--index-dir', await temp.make('gone-index'));
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([`isnad: corpus folder not found: ${missing}`]);
  });

  it('summary of an article that no id or title matches: exit 1, pointing at isnad articles', async () => {
    const { code, err } = await run('summary', '--article', 'لا يوجد مقال بهذا العنوان');
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/no article matches ".+"; see isnad articles/);
  });
});

describe('the installed binary', () => {
  beforeAll(() => {
    try {
      execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, timeout: 120_000, stdio: 'pipe', encoding: 'utf8' });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`npm run build failed:\n${stdout ?? ''}${stderr ?? ''}`);
    }
  }, 130_000);

  it('bin/isnad.mjs sources --json prints what main() prints in-process', async () => {
    const query = 'إغلاق قاعدة إنجرليك';
    const args = ['sources', query, '--json', '--index-dir', indexDir, '--embedder', 'builtin', '--corpus', corpusDir];
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/isnad.mjs'), ...args], {
      cwd: ROOT,
      timeout: 60_000,
      env: { ...process.env, ALLOW_REMOTE_MODELS: 'false' },
    });
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const fromBinary = JSON.parse(lines[0]!) as { passages: PassageJson[] };
    const inProcess = await runJson<{ passages: PassageJson[] }>(...args.filter((a) => a !== '--json'));
    expect(fromBinary).toEqual(inProcess);
    expect(fromBinary.passages.length).toBeGreaterThan(0);
    expectPassages(fromBinary.passages);
  });
});
