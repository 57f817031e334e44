import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { normalizeForMatch } from '../../src/arabic/index.ts';
import { run, runJson } from '../helpers/cli-run.ts';
import { readCorpus, type Article } from '../../src/corpus/index.ts';
import { readArticleText, TempDirs } from '../helpers/fixtures.ts';
import { ANTALYA, ANTALYA_COPY, makeStoryCorpus, type StoryCorpus } from '../helpers/story-corpus.ts';

const temp = new TempDirs();
let corpusDir = '';
let corpus: StoryCorpus;
let articles = new Map<string, Article>();
let fileTexts = new Map<string, string>();
const QUESTION = 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';

beforeAll(async () => {
  corpusDir = await temp.make('citations-corpus');
  corpus = await makeStoryCorpus(corpusDir);
  articles = new Map((await readCorpus(corpusDir)).articles.map((a) => [a.id, a]));
  fileTexts = new Map(
    await Promise.all([...articles.keys()].map(async (id) => [id, await readArticleText(path.join(corpusDir, id))] as const)),
  );
  vi.stubEnv('EMBEDDER', 'builtin');
  vi.stubEnv('ALLOW_REMOTE_MODELS', 'false');
  vi.stubEnv('CORPUS_DIR', corpusDir);
  vi.stubEnv('EMBEDDINGS_DIR', path.join(await temp.make('citations-index'), 'embeddings'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await temp.removeAll();
});

interface Cited {
  articleId: string;
  title: string;
  outlet: string | null;
  published?: string;
  url?: string;
}
interface SourceJson extends Cited {
  number: number;
  alsoIn?: Cited[];
}
interface QuoteJson {
  articleId: string;
  start: number;
  end: number;
  text: string;
  citation: number;
  link?: string;
}
interface AnswerJson {
  status: string;
  quotes: QuoteJson[];
  sources: SourceJson[];
}

/** A source names its article as the article itself says: title, outlet, date, link — nothing invented. */
function expectCitesArticle(s: Cited): void {
  const a = articles.get(s.articleId)!;
  expect(s).toMatchObject({ title: a.title, outlet: a.outlet });
  expect(s.published).toBe(a.published);
  expect(s.url).toBe(a.url);
}

function expectVerbatim(q: QuoteJson): void {
  expect(fileTexts.get(q.articleId)!.slice(q.start, q.end)).toBe(q.text);
}

/** One story, one source: never two of its copies cited side by side. */
function expectStoryCitedOnce(sources: SourceJson[]): void {
  const story = [corpus.original, ...corpus.copies];
  expect(sources.filter((s) => story.includes(s.articleId)).length).toBeLessThanOrEqual(1);
}

describe('citations with date, outlet and link', () => {
  it('ask --json: sources carry url, published and outlet; a republished sentence is quoted once and cites every copy', async () => {
    const answer = await runJson<AnswerJson>('ask', QUESTION);
    expect(answer.status).toBe('answered');
    const story = answer.sources.find((s) => s.articleId === corpus.original)!;
    expect(story).toMatchObject(ANTALYA);
    for (const s of answer.sources) expectCitesArticle(s);
    const words = answer.quotes.map((q) => normalizeForMatch(q.text));
    expect(new Set(words).size).toBe(words.length);
    for (const q of answer.quotes) {
      expectVerbatim(q);
      const url = answer.sources.find((s) => s.number === q.citation)!.url;
      if (url) expect(q.link!.startsWith(`${url}#:~:text=`)).toBe(true);
      else expect(q.link).toBeUndefined();
    }
    // The copies carrying a quote of the story are named with it; none of them is cited twice.
    const alsoIn = story.alsoIn ?? [];
    expect(alsoIn.length).toBeGreaterThan(0);
    expectStoryCitedOnce(answer.sources);
    const cited = new Set(answer.sources.map((s) => s.articleId));
    for (const copy of alsoIn) {
      expect(corpus.copies).toContain(copy.articleId);
      expect(cited.has(copy.articleId)).toBe(false);
      expectCitesArticle(copy);
      const quotes = answer.quotes.filter((q) => q.citation === story.number);
      expect(quotes.some((q) => fileTexts.get(copy.articleId)!.includes(q.text))).toBe(true);
    }
  });

  it("ask: each quote shows its article's date, each source its outlet, date and link, with no filler", async () => {
    const { code, out } = await run('ask', QUESTION);
    expect(code).toBe(0);
    const answer = await runJson<AnswerJson>('ask', QUESTION);
    const text = out.join('\n');
    expect(text).not.toContain('مصدر غير مذكور');
    for (const q of answer.quotes) {
      const date = answer.sources.find((s) => s.number === q.citation)!.published?.slice(0, 10);
      // Without a terminal the answer words are marked with ** (the highlight); the quote is otherwise verbatim.
      const line = out.find((l) => l.replaceAll('**', '').startsWith(`«${q.text.replace(/\s+/g, ' ').trim()}»`))!;
      expect(line.endsWith(date ? `[${q.citation}] (${date})` : `[${q.citation}]`)).toBe(true);
    }
    const sourceLine = out.indexOf(
      `[${answer.sources.find((s) => s.articleId === corpus.original)!.number}] ${ANTALYA.title} — ${ANTALYA.outlet} · ${ANTALYA.published}`,
    );
    expect(sourceLine).toBeGreaterThan(0);
    expect(out[sourceLine + 1]!.trim()).toMatch(new RegExp(`^${ANTALYA.url}#:~:text=\\S+$`));
    expect(out.some((l) => /^\s+وأيضًا في: .+ — /.test(l))).toBe(true);
  });

  it('--outlet, --since and --until keep to the articles of that outlet and those days', async () => {
    const byOutlet = await runJson<AnswerJson>('ask', QUESTION, '--outlet', 'ترك برس');
    expect(byOutlet.status).toBe('answered');
    expect(new Set(byOutlet.sources.map((s) => s.outlet))).toEqual(new Set([ANTALYA_COPY.outlet]));

    const { passages } = await runJson<{ passages: Cited[] }>('sources', QUESTION, '--since', '2017-03-08', '--until', '2017-03-09');
    expect(passages.length).toBeGreaterThan(0);
    for (const p of passages) expect(p.published!.slice(0, 10) >= '2017-03-08' && p.published!.slice(0, 10) <= '2017-03-09').toBe(true);

    const none = await runJson<AnswerJson>('ask', QUESTION, '--since', '2030-01-01');
    expect(none.status).toBe('not_found');
    expect(none.quotes).toEqual([]);
  });

  it.each([
    [['--since', '2017-02-30'], /--since must be a day written YYYY-MM-DD/],
    [['--until', 'أمس'], /--until must be a day written YYYY-MM-DD/],
    [['--since', '2017-03-09', '--until', '2017-03-08'], /--since must not be after until/],
    [['--outlet', '  '], /--outlet must name an outlet/],
  ])('refuses %j with a usage error', async (options, message) => {
    const { code, out, err } = await run('ask', QUESTION, ...options);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(message);
  });

  it('articles: newest first with date and outlet, undated last by id, and the same filters', async () => {
    const { articles: listed } = await runJson<{ articles: Array<Cited & { id: string; sameStory?: string[] }> }>('articles');
    const dated = listed.filter((a) => a.published);
    const times = dated.map((a) => Date.parse(a.published!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(listed.slice(0, dated.length)).toEqual(dated);
    const undated = listed.slice(dated.length).map((a) => a.id);
    expect(undated).toEqual([...undated].sort());
    expect(listed.find((a) => a.id === corpus.original)!.sameStory).toEqual([...corpus.copies].sort());

    const { articles: fromAsharq } = await runJson<{ articles: Cited[] }>('articles', '--outlet', 'الشرق الاوسط');
    expect(fromAsharq.length).toBeGreaterThan(1);
    for (const a of fromAsharq) expect(a.outlet).toBe('الشرق الأوسط');

    const { out: lines } = await run('articles', '--until', '2017-03-07');
    const out = lines.filter((l) => !l.startsWith('embedder: '));
    expect(out.length).toBe(listed.filter((a) => a.published && a.published.slice(0, 10) <= '2017-03-07').length);
    expect(out[0]).toContain(`${ANTALYA.title} — ${ANTALYA.outlet} · ${ANTALYA.published}  (${corpus.original}`);
  });

  it('summary --topic repeats no republished sentence and links each quote', async () => {
    const summary = await runJson<{ quotes: QuoteJson[]; sources: SourceJson[] }>(
      'summary',
      '--topic',
      'اجتماع رؤساء الأركان في أنطاليا',
      '--sentences',
      '5',
    );
    expect(summary.quotes.length).toBeGreaterThan(1);
    const words = summary.quotes.map((q) => normalizeForMatch(q.text));
    for (const [i, w] of words.entries()) expect(words.some((other, j) => j !== i && other.includes(w))).toBe(false);
    for (const q of summary.quotes) expectVerbatim(q);
    for (const s of summary.sources) expectCitesArticle(s);
    expectStoryCitedOnce(summary.sources);
    const story = summary.sources.find((s) => s.articleId === corpus.original)!;
    expect(story.alsoIn?.map((c) => c.articleId)).toContain(corpus.copies[0]);
    // Grouped by source, in document order within each.
    const order = summary.quotes.map((q) => [q.citation, q.start] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  });
});
