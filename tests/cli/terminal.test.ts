// No escape sequence, control character or bidi override from article data reaches the terminal:
// titles, outlets, addresses and text of a hostile corpus file, and a feed's name, through every
// command that prints them, as text and as --json (where they are escaped, the data unchanged).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Answer } from '../../src/answering/index.ts';
import { renderAnswer } from '../../src/cli/render.ts';
import { ANSI, terminalLine } from '../../src/cli/terminal.ts';
import { run, useCliFolders } from '../helpers/cli-run.ts';
import { TempDirs } from '../helpers/fixtures.ts';

const temp = new TempDirs();
// eslint-disable-next-line no-control-regex -- what must not reach the terminal
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const HOSTILE = '\u001B]0;pwned\u0007\u001B[2J\u001B[31m\u009B1A\u202E\u0007';

beforeAll(async () => {
  const corpus = await temp.make('terminal-corpus');
  const index = path.join(await temp.make('terminal-index'), 'embeddings');
  const yamlHostile = '\\e]0;pwned\\a\\e[2J\\e[31m\\x9b1A\\u202E\\a';
  await writeFile(
    path.join(corpus, 'hostile.txt'),
    `---\ntitle: "اجتماع وزراء الزراعة ${yamlHostile}"\noutlet: "وكالة ${yamlHostile}"\nurl: "https://news.example/a${yamlHostile}"\npublished: 2017-02-01\n---\n` +
      `اجتمع وزراء الزراعة العرب في القاهرة${HOSTILE} يوم الأربعاء لبحث الأمن الغذائي في المنطقة العربية وسبل تعزيز التعاون بين الدول.\n\n` +
      `وقال الأمين العام إن الاجتماع ناقش خطة لزيادة إنتاج القمح${HOSTILE} في السنوات الخمس المقبلة بدعم من المنظمات الدولية.\n`,
  );
  await writeFile(
    path.join(corpus, 'feeds.json'),
    JSON.stringify({ feeds: [{ url: 'https://news.example/rss.xml', title: `موجز ${HOSTILE}`, seen: [] }] }),
  );
  useCliFolders(corpus, index);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await temp.removeAll();
});

describe('what the CLI prints from article data', () => {
  it('has no escape sequence, control character or bidi override, in any command', { timeout: 60_000 }, async () => {
    const runs = [
      await run('articles'),
      await run('ask', 'أين اجتمع وزراء الزراعة العرب؟'),
      await run('sources', 'خطة لزيادة إنتاج القمح'),
      await run('summary', '--article', 'hostile'),
      await run('feeds'),
    ];
    for (const { out, err } of runs) {
      for (const line of [...out, ...err]) expect(line).not.toMatch(UNSAFE);
    }
    expect(runs[0]!.out[0]).toMatch(/^اجتماع وزراء الزراعة {2}— وكالة {2}· 2017-02-01 {2}\(hostile\.txt, /);
    expect(runs[4]!.out).toEqual(['https://news.example/rss.xml  موجز ']);
  });

  it('keeps the data whole in --json, its unsafe characters escaped', async () => {
    const { out } = await run('articles', '--json');
    expect(out[0]).not.toMatch(UNSAFE);
    const listed = JSON.parse(out[0]!) as { articles: Array<{ title: string; url: string }> };
    expect(listed.articles[0]!.title).toContain('\u001B]0;pwned\u0007\u001B[2J\u001B[31m\u009B1A\u202E');
    const feeds = JSON.parse((await run('feeds', '--json')).out[0]!) as { feeds: Array<{ title: string }> };
    expect(feeds.feeds[0]!.title).toBe(`موجز ${HOSTILE}`);
  });

  it("colours an answer on a terminal with the CLI's own sequences only", () => {
    const text = `نص ${HOSTILE}\u001B[1;4mمزيف\u001B[0m والجواب هنا`;
    const from = text.indexOf('الجواب');
    const answer = {
      status: 'answered',
      confidence: 0.9,
      quotes: [{ text, start: 100, end: 100 + text.length, citation: 1, highlight: { start: 100 + from, end: 100 + from + 6 } }],
      sources: [{ number: 1, articleId: 'a.txt', title: `عنوان ${HOSTILE}`, outlet: null, url: `https://news.example/${HOSTILE}` }],
      suggestions: [],
    } as unknown as Answer;
    const lines = renderAnswer(answer, { color: true }).map((line) => terminalLine(line, true));
    // eslint-disable-next-line no-control-regex -- the escape sequences left
    const sequences = lines.join('\n').match(/\u001B\[[0-9;]*m/g);
    expect(sequences).toEqual([ANSI.mark, ANSI.reset]);
    expect(lines[0]).toBe(`«نص مزيف و${ANSI.mark}الجواب${ANSI.reset} هنا» [1]`);
  });
});
