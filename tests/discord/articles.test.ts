// /articles over 23 articles: ten a page, ◀ ▶ buttons that page through every article once; and
// BOT_LANGUAGE=ar end to end (an English question gets the Arabic reply).

import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directionProblems } from './bidi-check.ts';
import { answerEditOf, callbackOf, CORPUS_DIR, question, startHarness, type Harness } from './harness.ts';
import { sentMessages, type Embed, type Row } from './payloads.ts';
import { visibleText } from './rendered-text.ts';

const ADDED = 18;

let h: Harness;
let corpusDir: string;

beforeAll(async () => {
  corpusDir = mkdtempSync(path.join(tmpdir(), 'isnad-corpus-'));
  for (const file of readdirSync(CORPUS_DIR)) copyFileSync(path.join(CORPUS_DIR, file), path.join(corpusDir, file));
  for (let i = 0; i < ADDED; i++) {
    const body = `افتتحت البلدية رقم ${i} حديقة عامة جديدة في وسط المدينة. وقال رئيس البلدية إن الحديقة تضم ملاعب للأطفال.`;
    writeFileSync(path.join(corpusDir, `1${String(i).padStart(2, '0')}_park.md`), `# خبر محلي رقم ${i}\n\n${body}\n`);
  }
  h = await startHarness({ corpusDir, env: { RATE_LIMIT_PER_MINUTE: '1000', BOT_LANGUAGE: 'ar' } });
});

afterAll(async () => {
  if (!h) return;
  expect(h.fake.mentionViolations).toEqual([]);
  expect(h.fake.limitViolations).toEqual([]);
  expect(sentMessages(h.fake).flatMap((m) => directionProblems(m))).toEqual([]);
  await h.stop();
  rmSync(corpusDir, { recursive: true, force: true });
});

/** The titles of a page's rows, as the reader sees them. */
function rowTitles(embed: Embed): string[] {
  return embed.description.split('\n\n').map((row) => visibleText(row.split('\n')[0]!).replace(/\*\*/g, ''));
}

describe('/articles paging', () => {
  it('shows ten rows a page; ◀ (next, for a right-to-left reader) and ▶ page through every article once', async () => {
    const { token } = await h.fake.sendCommand('articles', [], { locale: 'en-US' });
    const first = (await callbackOf(h.fake, token)).body.data as { embeds: Embed[]; components: Row[] };
    expect(visibleText(first.embeds[0]!.title!)).toBe('المقالات: 23 مقالًا');
    expect(visibleText(first.embeds[0]!.footer!.text)).toBe('الصفحة 1 من 3');
    const [next, previous] = first.components[0]!.components;
    expect([next!.label, previous!.label]).toEqual(['◀ التالي', 'السابق ▶']);
    expect([next!.disabled, previous!.disabled]).toEqual([false, true]);

    const message = h.fake.originalMessage(token)!;
    const titles = [rowTitles(first.embeds[0]!)];
    for (let page = 2; page <= 3; page++) {
      const nextId = (h.fake.message(message.id)!.components as Row[])[0]!.components[0]!.custom_id;
      const click = await h.fake.sendButton(nextId, message.id);
      const update = (await callbackOf(h.fake, click.token)).body;
      expect(update.type).toBe(7);
      const embed = update.data.embeds[0] as Embed;
      expect(visibleText(embed.footer!.text)).toBe(`الصفحة ${page} من 3`);
      titles.push(rowTitles(embed));
    }
    expect(titles.map((t) => t.length)).toEqual([10, 10, 3]);
    expect(new Set(titles.flat()).size).toBe(23);
    const last = (h.fake.message(message.id)!.components as Row[])[0]!.components;
    expect([last[0]!.disabled, last[1]!.disabled]).toEqual([true, false]);

    const back = await h.fake.sendButton(last[1]!.custom_id, message.id);
    const previousPage = (await callbackOf(h.fake, back.token)).body.data.embeds[0] as Embed;
    expect(rowTitles(previousPage)).toEqual(titles[1]);
  });
});

describe('BOT_LANGUAGE=ar', () => {
  it('answers an English question in Arabic: the articles are Arabic, ask in Arabic', async () => {
    const { token } = await h.fake.sendCommand('ask', question('Where did the chiefs of staff meet?'), { locale: 'en-US' });
    await answerEditOf(h.fake, token);
    const embed = h.fake.originalMessage(token)!.embeds[0] as Embed;
    expect(visibleText(embed.description)).toMatch(/^المقالات بالعربية، ولا أستطيع مطابقة سؤال بلغة أخرى\. اسأل بالعربية/);
  });
});
