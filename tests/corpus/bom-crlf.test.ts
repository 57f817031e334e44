// Issue 10, case 6: offsets are offsets into the file's text as every common UTF-8 reader decodes
// it — fs.readFileSync(file, 'utf8') keeps a leading BOM, so the BOM counts — and the same holds for
// CRLF line ends.

import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/index.ts';
import { copyCorpus, fileStartingWith, NEWS_CORPUS, TempDirs } from '../helpers/fixtures.ts';
import { openTestEngine } from '../helpers/engine.ts';

const ANTALYA = 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';
const temp = new TempDirs();
let corpus = '';
let bomFile = '';
let crlfFile = '';
let engine: Engine;

beforeAll(async () => {
  corpus = await temp.make('bom-crlf');
  await copyCorpus(NEWS_CORPUS, corpus);
  bomFile = await fileStartingWith(corpus, '002'); // the Antalya article
  crlfFile = await fileStartingWith(corpus, '000');
  const bomPath = path.join(corpus, bomFile);
  await writeFile(bomPath, `\uFEFF${readFileSync(bomPath, 'utf8')}`);
  const crlfPath = path.join(corpus, crlfFile);
  await writeFile(crlfPath, readFileSync(crlfPath, 'utf8').replace(/\r?\n/g, '\r\n'));
  engine = await openTestEngine(corpus);
});
afterAll(() => temp.removeAll());

/** The file as Node's default decoding reads it. */
const fileText = (id: string) => readFileSync(path.join(corpus, id), 'utf8');

describe('a corpus file starting with a UTF-8 BOM, and one with CRLF line ends', () => {
  it('the files really are so', () => {
    expect(fileText(bomFile).charCodeAt(0)).toBe(0xfeff);
    expect(fileText(crlfFile)).toContain('\r\n');
  });

  it('every quote of an answer from the BOM file is fileText.slice(start, end)', async () => {
    const answer = await engine.ask(ANTALYA);
    expect(answer.status).toBe('answered');
    const fromBomFile = answer.quotes.filter((q) => q.articleId === bomFile);
    expect(fromBomFile.length).toBeGreaterThan(0);
    for (const q of answer.quotes) expect(fileText(q.articleId).slice(q.start, q.end)).toBe(q.text);
  });

  it('every chunk and body span of both files is fileText.slice(start, end)', () => {
    for (const id of [bomFile, crlfFile]) {
      const article = engine.index.article(id);
      expect(article.text).toBe(fileText(id));
      for (const chunk of engine.index.chunksByLabel.values()) {
        if (chunk.articleId === id) expect(fileText(id).slice(chunk.start, chunk.end)).toBe(engine.index.chunkText(chunk));
      }
      for (const span of article.body) expect(fileText(id).slice(span.start, span.end).trim()).toBe(fileText(id).slice(span.start, span.end));
    }
  });

  it('the title, the body and passages never include the BOM', async () => {
    expect(engine.index.article(bomFile).body[0]!.start).toBeGreaterThan(0);
    expect(engine.index.article(bomFile).title.includes('\uFEFF')).toBe(false);
    for (const p of await engine.search(ANTALYA, 5)) {
      expect(p.text.includes('\uFEFF')).toBe(false);
      expect(fileText(p.articleId).slice(p.start, p.end)).toBe(p.text);
    }
  });
});
