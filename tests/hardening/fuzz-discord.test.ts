// The hostile and odd questions through the Discord layer: the real bot (discord.js) and the real
// engine over the five articles, against the fake Discord. Every interaction and every mention gets
// a reply, nothing breaks a Discord limit or could ping anyone, quotes shown are the articles' own
// words, and the bot keeps answering afterwards.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../fake-discord/server.ts';
import { answerEditOf, callbackOf, CORPUS_DIR, question, startHarness, type Harness } from '../discord/harness.ts';
import { visibleText } from '../discord/rendered-text.ts';
import { FUZZ_INPUTS, GOOD_QUESTION } from './fuzz-inputs.ts';

/** The articles without the invisible direction marks, which visibleText also drops from what the bot shows. */
const ARTICLES = readdirSync(CORPUS_DIR).map((name) =>
  readFileSync(path.join(CORPUS_DIR, name), 'utf8').replace(/[\u200B\u200F\u2066\u2067\u2069]/g, ''),
);

let h: Harness;
let quotesChecked = 0;

beforeAll(async () => {
  h = await startHarness({ env: { RATE_LIMIT_PER_MINUTE: '1000' } });
});

afterAll(async () => {
  await h?.stop();
});

/** The block quotes of an answer's description as the reader sees them, without «», the ellipsis and the citation. */
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

/** Every quote shown is a piece of one of the article files, word for word. */
function expectQuotesVerbatim(message: { embeds?: unknown[] } | undefined): void {
  for (const embed of (message?.embeds ?? []) as Array<{ description?: string }>) {
    for (const quote of quotesIn(embed.description ?? '')) {
      expect(quote.length).toBeGreaterThan(0);
      expect(
        ARTICLES.some((text) => text.includes(quote)),
        quote,
      ).toBe(true);
      quotesChecked++;
    }
  }
}

/** The reply to a slash command: an immediate notice (type 4), or a deferral (type 5) then the edit of @original. */
async function replyTo(token: string): Promise<{ kind: 'notice' | 'answer'; body: Record<string, unknown> }> {
  const ack = await callbackOf(h.fake, token);
  expect(ack.status).toBeLessThan(300);
  const body = ack.body as { type: number; data?: Record<string, unknown> };
  if (body.type === 4) return { kind: 'notice', body: body.data ?? {} };
  expect(body.type).toBe(5);
  const edit = await answerEditOf(h.fake, token, 15_000);
  return { kind: 'answer', body: edit.body as Record<string, unknown> };
}

/** The bot's reply to a channel message (POST /channels/:id/messages referencing it). */
function mentionReplyTo(messageId: string): Promise<RecordedRequest> {
  return h.fake.waitForRequest(
    (r) =>
      r.method === 'POST' &&
      r.path.endsWith('/messages') &&
      (r.body as { message_reference?: { message_id?: string } })?.message_reference?.message_id === messageId,
    15_000,
  );
}

describe.each(FUZZ_INPUTS)('the question: %s', (name, input) => {
  it('/ask: a reply (a notice for a blank question, else an answer or a refusal in an embed), quotes verbatim', async () => {
    const { token } = await h.fake.sendCommand('ask', question(input));
    const reply = await replyTo(token);
    if (input.trim() === '') expect(reply.kind).toBe('notice');
    else {
      expect(reply.kind, name).toBe('answer');
      expect((reply.body.embeds as unknown[]).length).toBe(1);
      expectQuotesVerbatim(h.fake.originalMessage(token));
    }
  });

  it('/sources and /summary with it as the topic: a reply each', async () => {
    const sources = await h.fake.sendCommand('sources', question(input));
    const summary = await h.fake.sendCommand('summary', [{ name: 'topic', type: 3, value: input }]);
    const [s, t] = await Promise.all([replyTo(sources.token), replyTo(summary.token)]);
    for (const reply of [s, t]) {
      expect(reply.body.content ?? reply.body.embeds, name).toBeTruthy();
      if (reply.kind === 'answer') expect(reply.body.content ?? '', 'not the apology').not.toMatch(/عذرًا|Sorry/);
    }
    expectQuotesVerbatim(h.fake.originalMessage(summary.token));
  });

  it('autocomplete of /summary article: choices of known articles only', async () => {
    const { token } = await h.fake.sendCommand('summary', [{ name: 'article', type: 3, value: input, focused: true }], {
      autocomplete: true,
    });
    const ack = await callbackOf(h.fake, token);
    expect(ack.status).toBeLessThan(300);
    const choices = (ack.body as { type: number; data: { choices: Array<{ value: string }> } }).data.choices;
    expect((ack.body as { type: number }).type).toBe(8);
    const ids = new Set(readdirSync(CORPUS_DIR));
    for (const c of choices) expect(ids.has(c.value)).toBe(true);
  });

  it('a mention with it: a reply in the channel, quotes verbatim', async () => {
    const sent = await h.fake.sendMessage(input, { mentionsBot: true });
    expect(sent.delivered).toBe(true);
    const reply = await mentionReplyTo(sent.id);
    expect(reply.status).toBe(200);
    expectQuotesVerbatim(reply.body as { embeds?: unknown[] });
  });
});

describe('after all of it', () => {
  it('nothing broke a Discord limit, could ping anyone or was refused by Discord', () => {
    expect(h.fake.limitViolations).toEqual([]);
    expect(h.fake.mentionViolations).toEqual([]);
    expect(h.fake.rejections).toEqual([]);
    expect(h.fake.unknownRequests).toEqual([]);
  });

  it('no handler failed and no apology was sent', () => {
    expect(h.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
    const apologies = h.fake.requests.filter(
      (r) => JSON.stringify(r.body ?? '').includes('عذرًا، حدث خطأ') || JSON.stringify(r.body ?? '').includes('something went wrong'),
    );
    expect(apologies).toEqual([]);
  });

  it('answers with quotes were among the replies (the verbatim checks above had something to check)', () => {
    expect(quotesChecked).toBeGreaterThan(20);
  });

  it('the bot still answers a real question, from the right article', async () => {
    const { token } = await h.fake.sendCommand('ask', question(GOOD_QUESTION));
    await answerEditOf(h.fake, token);
    const description = (h.fake.originalMessage(token)!.embeds[0] as { description: string }).description;
    expect(quotesIn(description).join(' ')).toContain('أنطاليا');
    expect(h.fake.connected).toBe(true);
  });
});
