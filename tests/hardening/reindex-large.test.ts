// /reindex of a corpus grown to 5,000 articles while users keep asking: the index is built off the
// bot's thread (Engine.reindex uses a worker), so every question is still acknowledged in time and
// answered by the engine serving meanwhile. Built on the bot's own thread, the same reindex held the
// thread for about 1.5 s on this machine (20 s for 20,000 articles), and every interaction arriving
// then missed its acknowledgement deadline. The fake's deadline is set to 1 s here, a third of
// Discord's, so that a corpus this size shows it.

import path from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { answerEditOf, callbackOf, question, startHarness, type Harness } from '../discord/harness.ts';
import { copyCorpus, NEWS_CORPUS, TempDirs } from '../helpers/fixtures.ts';
import { writeSmallArticles } from './corpora.ts';
import { GOOD_QUESTION } from './fuzz-inputs.ts';

const ADDED = 5000;
const temp = new TempDirs();
let h: Harness;

beforeAll(async () => {
  const corpus = await temp.make('reindex-large');
  await copyCorpus(NEWS_CORPUS, corpus);
  h = await startHarness({ corpusDir: corpus, env: { RATE_LIMIT_PER_MINUTE: '1000' }, fake: { ackDeadlineMs: 1000 } });
  await writeSmallArticles(path.join(corpus, 'archive'), ADDED, 5);
}, 60_000);

afterAll(async () => {
  await h?.stop();
  await temp.removeAll();
});

it('acknowledges and answers every question asked while it runs, from the engine serving meanwhile', async () => {
  const reindex = await h.fake.sendCommand('reindex', [], { memberPermissions: PermissionFlagsBits.ManageGuild.toString() });
  expect((await callbackOf(h.fake, reindex.token)).status).toBe(204);
  let done = false;
  const finished = answerEditOf(h.fake, reindex.token, 60_000).then((r) => ((done = true), r));
  const tokens: string[] = [];
  for (let i = 0; !done && i < 1000; i++) {
    tokens.push(
      (await h.fake.sendCommand('ask', question(GOOD_QUESTION), { userId: String(600_000_000_000_000_000n + BigInt(i % 50)) })).token,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const reindexed = await finished;
  expect(h.fake.originalMessage(reindex.token)!.content).toMatch(new RegExp(`أُعيدت الفهرسة: ${ADDED + 5} مقال`));

  let answeredMeanwhile = 0;
  for (const token of tokens) {
    const ack = await callbackOf(h.fake, token);
    expect(ack.status, 'acknowledged within the deadline').toBe(204);
    const edit = await answerEditOf(h.fake, token, 30_000);
    if (edit.at < reindexed.at) answeredMeanwhile++;
  }
  console.log(`questions during the reindex of ${ADDED + 5} articles: ${tokens.length}, answered before it finished: ${answeredMeanwhile}`);
  expect(tokens.length).toBeGreaterThan(10);
  expect(answeredMeanwhile).toBeGreaterThan(10);
  expect(h.fake.rejections).toEqual([]);
});

it('then answers from the new index', async () => {
  const { token } = await h.fake.sendCommand('ask', question(GOOD_QUESTION));
  await answerEditOf(h.fake, token);
  const embed = h.fake.originalMessage(token)!.embeds[0] as { footer: { text: string } };
  expect(embed.footer.text).toContain(String(ADDED + 5));
  expect(h.engine.articleCount).toBe(5);
  expect(h.bot.context.engine().articleCount).toBe(ADDED + 5);
});
