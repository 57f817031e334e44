// /reindex of a corpus grown to 5,000 articles while users keep asking: the index is built off the
// bot's thread (Engine.reindex uses a worker), so questions asked meanwhile are acknowledged and
// answered by the engine serving, before the reindex is done. Built on the bot's own thread, the same
// reindex held the thread for about 1.5 s on this machine (20 s for 20,000 articles), and every
// interaction arriving then missed Discord's 3 s acknowledgement deadline. The test asserts the order
// of events (answers before the reindex's reply, no fallback to the bot's thread), not a speed: the
// fake's deadline only bounds a hang, and the latency it saw is printed.

import path from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { answerEditOf, callbackOf, question, startHarness, type Harness } from '../discord/harness.ts';
import { copyCorpus, NEWS_CORPUS, TempDirs } from '../helpers/fixtures.ts';
import { writeSmallArticles } from './corpora.ts';
import { GOOD_QUESTION } from './fuzz-inputs.ts';

const ADDED = 5000;
/** Bounds a wait that would otherwise hang; never what the test asserts. */
const SAFETY_MS = 60_000;
const temp = new TempDirs();
let h: Harness;

beforeAll(async () => {
  const corpus = await temp.make('reindex-large');
  await copyCorpus(NEWS_CORPUS, corpus);
  h = await startHarness({ corpusDir: corpus, env: { RATE_LIMIT_PER_MINUTE: '1000' } });
  await writeSmallArticles(path.join(corpus, 'archive'), ADDED, 5);
}, 60_000);

afterAll(async () => {
  await h?.stop();
  await temp.removeAll();
});

it(
  'acknowledges and answers every question asked while it runs, from the engine serving meanwhile',
  { timeout: 10 * SAFETY_MS },
  async () => {
    const reindex = await h.fake.sendCommand('reindex', [], { memberPermissions: PermissionFlagsBits.ManageGuild.toString() });
    expect((await callbackOf(h.fake, reindex.token)).status).toBe(204);
    let done = false;
    const finished = answerEditOf(h.fake, reindex.token, 5 * SAFETY_MS).then((r) => ((done = true), r));
    const sent: Array<{ token: string; sentAt: number }> = [];
    for (let i = 0; !done && i < 1000; i++) {
      const asked = await h.fake.sendCommand('ask', question(GOOD_QUESTION), { userId: String(600_000_000_000_000_000n + BigInt(i % 50)) });
      sent.push(asked);
      // The next question once this one is acknowledged: the bot sets the pace, no fixed sleep.
      await callbackOf(h.fake, asked.token, SAFETY_MS);
    }
    const reindexed = await finished;
    expect(h.fake.originalMessage(reindex.token)!.content).toMatch(new RegExp(`أُعيدت الفهرسة: ${ADDED + 5} مقال`));

    let answeredMeanwhile = 0;
    const ackMs: number[] = [];
    for (const { token, sentAt } of sent) {
      const ack = await callbackOf(h.fake, token, SAFETY_MS);
      expect(ack.status, 'acknowledged').toBe(204);
      ackMs.push(ack.at - sentAt);
      const edit = await answerEditOf(h.fake, token, SAFETY_MS);
      if (edit.at < reindexed.at) answeredMeanwhile++;
    }
    console.log(
      `questions during the reindex of ${ADDED + 5} articles: ${sent.length}, answered before it finished: ${answeredMeanwhile}, ` +
        `slowest acknowledgement ${Math.round(Math.max(...ackMs))} ms`,
    );
    expect(h.logs.filter((l) => String(l.reindex ?? '').includes('on the main thread'))).toEqual([]);
    expect(answeredMeanwhile).toBeGreaterThan(0);
    expect(h.fake.rejections).toEqual([]);
  },
);

it('then answers from the new index', async () => {
  const { token } = await h.fake.sendCommand('ask', question(GOOD_QUESTION));
  await answerEditOf(h.fake, token, SAFETY_MS);
  const embed = h.fake.originalMessage(token)!.embeds[0] as { footer: { text: string } };
  expect(embed.footer.text).toContain(String(ADDED + 5));
  expect(h.engine.articleCount).toBe(5);
  expect(h.bot.context.engine().articleCount).toBe(ADDED + 5);
});
