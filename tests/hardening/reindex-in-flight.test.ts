// /reindex while questions are in flight, through the fake Discord and the real bot and engine.
// Before the reindex the corpus folder changes: the 146 ARCD articles are added and a sentence of the
// Antalya article is reworded. Questions go out before, during and after the reindex; every one is
// answered, and each answer comes from one complete index: its footer's article count says which
// (5 = old, 151 = new) and every quote is word for word in that version of the corpus.

import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { answerEditOf, callbackOf, question, startHarness, type Harness } from '../discord/harness.ts';
import { visibleText } from '../discord/rendered-text.ts';
import { ARCD_CORPUS, copyCorpus, NEWS_CORPUS, TempDirs } from '../helpers/fixtures.ts';
import { GOOD_QUESTION } from './fuzz-inputs.ts';

const ANTALYA_ARTICLE = '002_10ecb58a6e64aa15.txt';
const OLD_WORDS = 'في مدينة أنطاليا التركية';
const NEW_WORDS = 'في مدينة أنطاليا الساحلية التركية';
const SEED = readFileSync(path.join(import.meta.dirname, '../discord/fixtures/seed-qa.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { question: string }).question);

/** An article's text without the invisible direction marks, which visibleText also drops from what the bot shows. */
const asShown = (text: string) => text.replace(/[\u200B\u200F\u2066\u2067\u2069]/g, '');

const temp = new TempDirs();
let h: Harness;
let corpus = '';
const oldTexts: string[] = [];
const newTexts: string[] = [];

beforeAll(async () => {
  corpus = await temp.make('reindex-corpus');
  await copyCorpus(NEWS_CORPUS, corpus);
  for (const name of readdirSync(corpus)) oldTexts.push(asShown(readFileSync(path.join(corpus, name), 'utf8')));
  h = await startHarness({ corpusDir: corpus, env: { RATE_LIMIT_PER_MINUTE: '1000' } });
  expect(h.engine.articleCount).toBe(5);

  // The corpus changes under the running bot; only /reindex makes it see the change.
  await copyCorpus(ARCD_CORPUS, corpus);
  const antalya = path.join(corpus, ANTALYA_ARTICLE);
  const before = readFileSync(antalya, 'utf8');
  expect(before).toContain(OLD_WORDS);
  await writeFile(antalya, before.replaceAll(OLD_WORDS, NEW_WORDS));
  for (const name of readdirSync(corpus)) newTexts.push(asShown(readFileSync(path.join(corpus, name), 'utf8')));
});

afterAll(async () => {
  await h?.stop();
  await temp.removeAll();
});

interface Asked {
  token: string;
  phase: 'before' | 'during' | 'after';
}

const USERS = 40;
/** Bounds a wait that would otherwise hang; never what the test asserts. */
const SAFETY_MS = 60_000;
let asked = 0;
async function ask(phase: Asked['phase'], text?: string): Promise<Asked> {
  const i = asked++;
  const q = text ?? (i % 3 === 0 ? GOOD_QUESTION : SEED[i % SEED.length]!);
  const { token } = await h.fake.sendCommand('ask', question(q), { userId: String(500_000_000_000_000_000n + BigInt(i % USERS)) });
  return { token, phase };
}

/** The block quotes of a description as the reader sees them, without «», the ellipsis and the citation. */
function quotesIn(description: string): string[] {
  return description
    .split('\n\n')
    .filter((block) => block.startsWith('> '))
    .map((block) =>
      visibleText(block)
        .replace(/^«/, '')
        .replace(/»( …)? \[\d+\]$/, ''),
    );
}

it(
  'answers every question asked before, during and after a /reindex, each from one complete index',
  { timeout: 10 * SAFETY_MS },
  async () => {
    const questions: Asked[] = [];
    for (let i = 0; i < 20; i++) questions.push(await ask('before'));
    // One answer from the old index for certain, however slowly this machine gets to the rest.
    await answerEditOf(h.fake, questions[0]!.token, SAFETY_MS);

    const reindex = await h.fake.sendCommand('reindex', [], { memberPermissions: PermissionFlagsBits.ManageGuild.toString() });
    const reindexAck = await callbackOf(h.fake, reindex.token, SAFETY_MS);
    expect(reindexAck.status).toBe(204);
    // While it runs: each question once the one before is acknowledged (the bot sets the pace, no fixed sleep).
    let reindexDone = false;
    const finished = answerEditOf(h.fake, reindex.token, 5 * SAFETY_MS).then((r) => ((reindexDone = true), r));
    while (!reindexDone && questions.length < 200) {
      const during = await ask('during');
      questions.push(during);
      await callbackOf(h.fake, during.token, SAFETY_MS);
    }
    await finished;
    expect(h.fake.originalMessage(reindex.token)!.content).toMatch(/أُعيدت الفهرسة: 151 مقالًا/);
    for (let i = 0; i < 10; i++) questions.push(await ask('after'));
    questions.push(await ask('after', GOOD_QUESTION));

    const served = { old: 0, new: 0 };
    for (const q of questions) {
      const ack = await callbackOf(h.fake, q.token, SAFETY_MS);
      expect(ack.status, `acknowledged (${q.phase})`).toBe(204);
      await answerEditOf(h.fake, q.token, SAFETY_MS);
      const embed = h.fake.originalMessage(q.token)!.embeds[0] as { description: string; footer: { text: string } };
      const searched = Number(/\d+/.exec(embed.footer.text)?.[0]);
      expect([5, 151]).toContain(searched);
      const version = searched === 5 ? 'old' : 'new';
      served[version]++;
      if (q.phase === 'after') expect(version).toBe('new');
      const texts = version === 'old' ? oldTexts : newTexts;
      for (const quote of quotesIn(embed.description))
        expect(
          texts.some((t) => t.includes(quote)),
          `${version}: ${quote}`,
        ).toBe(true);
    }
    const during = questions.filter((q) => q.phase === 'during').length;
    console.log(
      `/reindex with questions in flight: ${questions.length} questions (${during} sent while it ran); answered by the old index ${served.old}, by the new ${served.new}`,
    );
    expect(served.old).toBeGreaterThan(0);
    expect(served.new).toBeGreaterThan(0);

    // The Antalya question after the swap quotes the reworded sentence.
    const last = questions.at(-1)!;
    const lastQuotes = quotesIn((h.fake.originalMessage(last.token)!.embeds[0] as { description: string }).description).join(' ');
    expect(lastQuotes).toContain('أنطاليا');
    expect(lastQuotes).not.toContain(OLD_WORDS);
  },
);

it('nothing was refused, broke a limit, pinged or failed', () => {
  expect(h.fake.rejections).toEqual([]);
  expect(h.fake.limitViolations).toEqual([]);
  expect(h.fake.mentionViolations).toEqual([]);
  expect(h.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
  expect(h.logs.filter((l) => l.msg === 'question' && l.status === 'rate_limited')).toEqual([]);
});
