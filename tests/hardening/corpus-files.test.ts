// Corpus files a newsroom folder really holds, through the CLI (`main`, as `isnad` runs it): files
// that cannot be read as articles are reported by name with the reason and skipped while the rest is
// indexed; names with spaces, Arabic letters and punctuation are kept as ids and quoted verbatim.

import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { copyCorpus, NEWS_CORPUS, readArticleText, TempDirs } from '../helpers/fixtures.ts';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function isnad(corpus: string, indexDir: string, ...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--corpus', corpus, '--index-dir', indexDir, '--embedder', 'builtin'], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out, err };
}

interface QuoteJson {
  articleId: string;
  start: number;
  end: number;
  text: string;
  citation: number;
}

const ANTALYA = 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';
const NEWS_IDS = [
  '000_5418153b5098ba54.txt',
  '001_864faea840389226.txt',
  '002_10ecb58a6e64aa15.txt',
  '003_6ba7dc6cd6667daf.txt',
  '004_a28b00397c7848ac.txt',
];

describe('files that are not articles', () => {
  let corpus = '';
  let indexDir = '';
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  const validPrefix = utf8('عنوان الخبر\n\nأعلنت الوزارة اليوم ');

  beforeAll(async () => {
    corpus = await temp.make('bad-files');
    indexDir = path.join(await temp.make('bad-files-index'), 'embeddings');
    await copyCorpus(NEWS_CORPUS, corpus);
    // Latin-1 bytes in the middle of Arabic text, as an old CMS export would have them.
    await writeFile(
      path.join(corpus, 'latin1.txt'),
      Buffer.concat([validPrefix, Buffer.from([0xe9, 0x74, 0xe9]), utf8(' عن افتتاح المستشفى.\n')]),
    );
    // A PNG renamed .txt: NUL bytes.
    await writeFile(
      path.join(corpus, 'photo.txt'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    );
    // Random bytes without NUL: mostly invalid UTF-8.
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = 1 + ((i * 7919 + 13) % 255);
    await writeFile(path.join(corpus, 'noise.md'), noise);
    await writeFile(path.join(corpus, 'empty.txt'), '');
    await writeFile(path.join(corpus, 'blank.md'), ' \n\n\t \n');
  });

  it('isnad index: each one named on stderr with its reason, the five articles indexed, the count of skipped files in the summary', async () => {
    const { code, out, err } = await isnad(corpus, indexDir, 'index');
    expect(code).toBe(0);
    expect(err).toEqual([
      'skipped blank.md: empty file (only whitespace)',
      'skipped empty.txt: empty file',
      `skipped latin1.txt: not valid UTF-8 (byte 0xe9 at offset ${validPrefix.length})`,
      expect.stringMatching(/^skipped noise\.md: not valid UTF-8 \(byte 0x[0-9a-f]{2} at offset \d+\)$/),
      'skipped photo.txt: binary file (contains NUL bytes)',
    ]);
    expect(out).toEqual([
      expect.stringMatching(/^index built: 5 articles, \d+ chunks, \d+ embedded, .+, 5 file\(s\) skipped, \d+\.\d\d s$/),
    ]);
    const listed = await isnad(corpus, indexDir, 'articles', '--json');
    expect((JSON.parse(listed.out[0]!) as { articles: Array<{ id: string }> }).articles.map((a) => a.id).sort()).toEqual(NEWS_IDS);
  });

  it('the next command reports them again (they are still there) and answers from the five articles', async () => {
    const { code, out, err } = await isnad(corpus, indexDir, 'ask', ANTALYA, '--json');
    expect(code).toBe(0);
    expect(err).toHaveLength(5);
    for (const name of ['blank.md', 'empty.txt', 'latin1.txt', 'noise.md', 'photo.txt'])
      expect(err.some((l) => l.startsWith(`skipped ${name}: `))).toBe(true);
    const answer = JSON.parse(out[0]!) as { status: string; quotes: QuoteJson[] };
    expect(answer.status).toBe('answered');
    expect(answer.quotes.map((q) => q.text).join(' ')).toContain('أنطاليا');
  });

  it('once a file is repaired it is indexed as an added article', async () => {
    await writeFile(path.join(corpus, 'latin1.txt'), Buffer.concat([validPrefix, utf8('عن افتتاح المستشفى الجديد في المدينة.\n')]));
    const { code, out, err } = await isnad(corpus, indexDir, 'index');
    expect(code).toBe(0);
    expect(err).toHaveLength(4);
    expect(err.some((l) => l.includes('latin1.txt'))).toBe(false);
    expect(out[0]).toMatch(/^index updated \(1 added, 0 changed, 0 removed\): 6 articles, .+, 4 file\(s\) skipped, /);
  });
});

describe('file and folder names with spaces, Arabic letters and punctuation', () => {
  const NAMES = {
    antalya: 'خبر عاجل من أنطاليا.txt',
    nested: 'تقارير  خاصة/سوريا (2) — تحليل #1.md',
    latin: "Turkey's news 100% final [v2].txt",
  };
  let corpus = '';
  let indexDir = '';
  const sourceOf: Record<string, string> = {};

  beforeAll(async () => {
    corpus = await temp.make('names');
    indexDir = path.join(await temp.make('names-index'), 'embeddings');
    await mkdir(path.join(corpus, 'تقارير  خاصة'));
    sourceOf[NAMES.antalya] = '002_10ecb58a6e64aa15.txt';
    sourceOf[NAMES.nested] = '000_5418153b5098ba54.txt';
    sourceOf[NAMES.latin] = '001_864faea840389226.txt';
    for (const [name, from] of Object.entries(sourceOf)) await copyFile(path.join(NEWS_CORPUS, from), path.join(corpus, name));
  });

  it('are listed by their exact names (relative paths) as ids', async () => {
    const { code, out, err } = await isnad(corpus, indexDir, 'articles', '--json');
    expect(code).toBe(0);
    expect(err).toEqual([]);
    const ids = (JSON.parse(out[0]!) as { articles: Array<{ id: string }> }).articles.map((a) => a.id);
    expect(ids.sort()).toEqual(Object.values(NAMES).sort());
  });

  it('answers quote the file under its name, word for word at the offsets given', async () => {
    const { out } = await isnad(corpus, indexDir, 'ask', ANTALYA, '--json');
    const answer = JSON.parse(out[0]!) as { status: string; quotes: QuoteJson[]; sources: Array<{ number: number; articleId: string }> };
    expect(answer.status).toBe('answered');
    expect(answer.quotes.some((q) => q.articleId === NAMES.antalya && q.text.includes('أنطاليا'))).toBe(true);
    for (const q of answer.quotes) {
      expect(Object.values(NAMES)).toContain(q.articleId);
      expect((await readArticleText(path.join(corpus, q.articleId))).slice(q.start, q.end)).toBe(q.text);
      expect(answer.sources.find((s) => s.number === q.citation)?.articleId).toBe(q.articleId);
    }
  });

  it('summary --article finds a nested file by the start of its id, and quotes it verbatim', async () => {
    const { code, out } = await isnad(corpus, indexDir, 'summary', '--article', 'تقارير  خاصة/سوريا (2)', '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(out[0]!) as { quotes: QuoteJson[]; sources: Array<{ articleId: string }> };
    expect(summary.sources.map((s) => s.articleId)).toEqual([NAMES.nested]);
    expect(summary.quotes.length).toBeGreaterThan(0);
    const text = await readArticleText(path.join(corpus, NAMES.nested));
    for (const q of summary.quotes) expect(text.slice(q.start, q.end)).toBe(q.text);
  });

  it('a renamed file: the new name indexed, the old one gone', async () => {
    const renamed = 'خبر عاجل من أنطاليا (محدث).txt';
    await copyFile(path.join(corpus, NAMES.antalya), path.join(corpus, renamed));
    await rm(path.join(corpus, NAMES.antalya));
    const { out } = await isnad(corpus, indexDir, 'index');
    // One of three articles changed is over the share at which the built-in embedder is re-fitted: a rebuild.
    expect(out[0]).toMatch(/^index built: 3 articles, /);
    const { out: listed } = await isnad(corpus, indexDir, 'articles', '--json');
    const ids = (JSON.parse(listed[0]!) as { articles: Array<{ id: string }> }).articles.map((a) => a.id);
    expect(ids.sort()).toEqual([renamed, NAMES.nested, NAMES.latin].sort());
  });
});
