import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareArticleIds, decodeArticle, listCorpusFiles, readCorpus } from '../../src/corpus/index.ts';

const ARTICLE = 'عنوان الخبر\n\nأعلنت وزارة الصحة اليوم عن افتتاح ثلاثة مستشفيات جديدة في المحافظات الجنوبية.\n';
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('compareArticleIds', () => {
  it('orders by code point, whatever the locale: capitals before small letters, Latin before Arabic', () => {
    expect(['a.txt', 'C.txt', 'B.txt', '000_x.txt', '0010.txt', 'ب.txt', 'ا.txt'].sort(compareArticleIds)).toEqual([
      '000_x.txt', '0010.txt', 'B.txt', 'C.txt', 'a.txt', 'ا.txt', 'ب.txt',
    ]);
  });
});

describe('decodeArticle', () => {
  it('accepts UTF-8 and keeps a leading BOM, as readFileSync(file, "utf8") does', () => {
    const r = decodeArticle(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('نص \uFEFFعربي')]));
    expect(r).toEqual({ ok: true, text: '\uFEFFنص \uFEFFعربي' });
  });

  it('names the first invalid byte and its offset', () => {
    const prefix = utf8('سطر صحيح\n');
    expect(decodeArticle(new Uint8Array([...prefix, 0xff, 0x41]))).toEqual({
      ok: false, reason: `not valid UTF-8 (byte 0xff at offset ${prefix.length})`,
    });
    // Overlong "/", an encoded surrogate, and a sequence cut off at the end of the file.
    expect(decodeArticle(new Uint8Array([0x41, 0xc0, 0xaf]))).toMatchObject({ reason: 'not valid UTF-8 (byte 0xc0 at offset 1)' });
    expect(decodeArticle(new Uint8Array([0x41, 0x42, 0xed, 0xa0, 0x80]))).toMatchObject({ reason: 'not valid UTF-8 (byte 0xed at offset 2)' });
    expect(decodeArticle(new Uint8Array([...utf8('ب'), 0xd8]))).toMatchObject({ reason: 'not valid UTF-8 (byte 0xd8 at offset 2)' });
  });

  it('rejects empty, whitespace-only, binary and UTF-16 files', () => {
    expect(decodeArticle(new Uint8Array())).toEqual({ ok: false, reason: 'empty file' });
    expect(decodeArticle(utf8(' \n\t\u00a0\n'))).toEqual({ ok: false, reason: 'empty file (only whitespace)' });
    expect(decodeArticle(new Uint8Array([0x41, 0x00, 0x42]))).toEqual({ ok: false, reason: 'binary file (contains NUL bytes)' });
    expect(decodeArticle(utf8('ab\x01\x02\x03\x04\x05\x06\x07\x08cd'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^binary file \(\d+% control characters\)$/) });
    expect(decodeArticle(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).toMatchObject({ ok: false, reason: expect.stringContaining('UTF-16') });
    expect(decodeArticle(utf8(`${'نص عربي طويل '.repeat(20)}\x07`)).ok).toBe(true);
  });
});

describe('readCorpus', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'isnad-corpus-'));
    await mkdir(path.join(dir, 'sub', 'deeper'), { recursive: true });
    await mkdir(path.join(dir, '.git'));
    const files: Record<string, Uint8Array | string> = {
      'a.txt': ARTICLE,
      'notes.md': `# عنوان في ماركداون\n\n${ARTICLE}`,
      'sub/nested.txt': ARTICLE,
      'sub/deeper/UPPER.TXT': ARTICLE,
      'تقرير خاص 1.txt': ARTICLE,
      'bad-utf8.txt': new Uint8Array([...utf8('abc'), 0xff, 0xfe]),
      'empty.txt': '',
      'blank.txt': '  \n\n ',
      'binary.txt': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]),
      'image.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00]),
      'data.json': '{"a": 1}',
      'README': ARTICLE,
      '.hidden.txt': ARTICLE,
      '.git/inside.txt': ARTICLE,
    };
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
    // Listed, then gone by the time it is read.
    await symlink(path.join(dir, 'does-not-exist.txt'), path.join(dir, 'vanished.txt'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists .txt and .md files recursively, sorted, with posix ids, skipping hidden entries', async () => {
    expect(await listCorpusFiles(dir)).toEqual([
      'a.txt', 'bad-utf8.txt', 'binary.txt', 'blank.txt', 'empty.txt', 'notes.md',
      'sub/deeper/UPPER.TXT', 'sub/nested.txt', 'vanished.txt', 'تقرير خاص 1.txt',
    ]);
  });

  it('reads the good files and reports the bad ones by name with a reason', async () => {
    const { articles, skipped } = await readCorpus(dir);
    expect(articles.map((a) => a.id)).toEqual(['a.txt', 'notes.md', 'sub/deeper/UPPER.TXT', 'sub/nested.txt', 'تقرير خاص 1.txt']);
    expect(skipped).toEqual([
      { file: 'bad-utf8.txt', reason: 'not valid UTF-8 (byte 0xff at offset 3)' },
      { file: 'binary.txt', reason: 'binary file (contains NUL bytes)' },
      { file: 'blank.txt', reason: 'empty file (only whitespace)' },
      { file: 'empty.txt', reason: 'empty file' },
      { file: 'vanished.txt', reason: 'could not be read: ENOENT' },
    ]);
    const md = articles.find((a) => a.id === 'notes.md')!;
    expect(md.title).toBe('عنوان في ماركداون');
    const spaced = articles.find((a) => a.id === 'تقرير خاص 1.txt')!;
    expect(spaced.text).toBe(ARTICLE);
    expect(spaced.title).toBe('عنوان الخبر');
    expect(spaced.body.map((s) => spaced.text.slice(s.start, s.end))).toEqual([ARTICLE.split('\n')[2]]);
  });

  it('fails with a clear message for a missing folder or a file given as folder', async () => {
    const missing = path.join(dir, 'no-such-folder');
    await expect(readCorpus(missing)).rejects.toThrow(`corpus folder not found: ${missing}`);
    await expect(listCorpusFiles(missing)).rejects.toThrow(missing);
    await expect(readCorpus(path.join(dir, 'a.txt'))).rejects.toThrow(/not a folder/);
  });

  it('follows a symlinked folder once, even when it points back up the tree', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'isnad-loop-'));
    try {
      await mkdir(path.join(root, 'x'));
      await writeFile(path.join(root, 'x', 'a.txt'), ARTICLE);
      await symlink(root, path.join(root, 'x', 'loop'));
      expect(await listCorpusFiles(root)).toEqual(['x/a.txt']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
