// No payload ever exceeds a Discord limit and nothing can ping, driven with a 6,000-character
// question full of @everyone and a 20 KB article whose title and text are full of mentions and markdown.

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerEditOf, callbackOf, question, startHarness, type Harness } from './harness.ts';
import { corpusWithLongArticle, LONG_ARTICLE_ID, LONG_TITLE } from './long-article.ts';
import { directionProblems } from './bidi-check.ts';
import { sentMessages } from './payloads.ts';
import { visibleText } from './rendered-text.ts';

const NOISE = '@everyone @here <@123456789012345678> <@&987654321098765432> ` ` || || ** ** \u202E \u202C \u2067 \u2069 \u2066 ';
const HUGE_QUESTION = `${NOISE}ما الذي ناقشه الاجتماع العسكري في أنطاليا حول القواعد الجوية؟ `.repeat(60).slice(0, 6000);

let h: Harness;
let corpusDir: string;

type Embed = { title?: string; description?: string; fields?: Array<{ name: string; value: string }>; footer?: { text: string } };

beforeAll(async () => {
  corpusDir = corpusWithLongArticle();
  h = await startHarness({ corpusDir, env: { RATE_LIMIT_PER_MINUTE: '1000' } });
});

afterAll(async () => {
  if (!h) return;
  await h.stop();
  rmSync(corpusDir, { recursive: true, force: true });
});

function everyText(embeds: Embed[], content = ''): string[] {
  return [
    content,
    ...embeds.flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      e.footer?.text ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ];
}

function expectNoLiveMention(texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toMatch(/@(?!\u200B)/);
    expect(text).not.toMatch(/[\u202A-\u202E]/);
  }
}

describe('very long input', () => {
  it('/ask with a 6,000-character question full of @everyone: quotes from the 20 KB article, escaped, within limits', async () => {
    const { token } = await h.fake.sendCommand('ask', question(HUGE_QUESTION));
    await answerEditOf(h.fake, token);
    const embed = h.fake.originalMessage(token)!.embeds[0] as Embed;
    expect(embed.title!.length).toBeLessThanOrEqual(256);
    expect(embed.description).toMatch(/@\u200B\u2066?everyone/);
    expect(visibleText(embed.description!)).toContain('الاجتماع العسكري في أنطاليا');
    expect(embed.fields![0]!.value).toMatch(/عاجل @\u200B\u2066?everyone\u2069?: \\\*\\\*اجتماع\\\*\\\*/);
    expectNoLiveMention(everyText([embed]));
  });

  it('/sources, /summary (topic and the long article) and /articles stay within limits', async () => {
    const sources = await h.fake.sendCommand('sources', question(HUGE_QUESTION));
    await answerEditOf(h.fake, sources.token);
    const topic = await h.fake.sendCommand('summary', [{ name: 'topic', type: 3, value: HUGE_QUESTION }]);
    await answerEditOf(h.fake, topic.token);

    const auto = await h.fake.sendCommand('summary', [{ name: 'article', type: 3, value: 'عاجل', focused: true }], { autocomplete: true });
    const choices = (await callbackOf(h.fake, auto.token)).body.data.choices as Array<{ name: string; value: string }>;
    expect(choices).toEqual([{ name: LONG_TITLE, value: LONG_ARTICLE_ID }]);
    const longAuto = await h.fake.sendCommand('summary', [{ name: 'article', type: 3, value: HUGE_QUESTION, focused: true }], {
      autocomplete: true,
    });
    expect((await callbackOf(h.fake, longAuto.token)).body.type).toBe(8);

    const summary = await h.fake.sendCommand('summary', [{ name: 'article', type: 3, value: LONG_ARTICLE_ID }]);
    await answerEditOf(h.fake, summary.token);
    const summaryEmbed = h.fake.originalMessage(summary.token)!.embeds[0] as Embed;
    expect(summaryEmbed.title).toContain('\\*\\*اجتماع\\*\\*');

    const list = await h.fake.sendCommand('articles', []);
    const listEmbed = (await callbackOf(h.fake, list.token)).body.data.embeds[0] as Embed;
    expect(listEmbed.description!.split('\n\n')).toHaveLength(6);

    for (const token of [sources.token, topic.token, summary.token]) {
      expectNoLiveMention(everyText(h.fake.originalMessage(token)!.embeds as Embed[], h.fake.originalMessage(token)!.content));
    }
    expectNoLiveMention(everyText([listEmbed]));
  });

  it('a 2,000-character mention full of pings is answered without pinging', async () => {
    const sent = await h.fake.sendMessage(HUGE_QUESTION.slice(0, 1970), { mentionsBot: true });
    const reply = await h.fake.waitForRequest(
      (r) => r.method === 'POST' && r.body?.message_reference?.message_id === sent.id && r.status === 200,
    );
    expectNoLiveMention(everyText(reply.body.embeds as Embed[], reply.body.content));
  });

  it('nothing the bot sent broke a limit or could ping anyone', () => {
    expect(h.fake.limitViolations).toEqual([]);
    expect(h.fake.mentionViolations).toEqual([]);
    expect(h.fake.rejections).toEqual([]);
    const sent = h.fake.requests.filter((r) => r.method !== 'GET' && /\/(callback|messages)/.test(r.path));
    expect(sent.length).toBeGreaterThan(8);
    // The questions' own direction controls are gone; the bot's wrap every Arabic line, balanced.
    expect(sentMessages(h.fake).flatMap((m) => directionProblems(m))).toEqual([]);
  });
});
