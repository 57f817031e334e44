// `@bot question` in a channel, follow-ups in a thread, allowed channels, and what is ignored.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../fake-discord/server.ts';
import { directionProblems } from './bidi-check.ts';
import { startHarness, type Harness } from './harness.ts';
import { visibleText } from './rendered-text.ts';

const ALLOWED = '1100000000000000001';
const OTHER = '1100000000000000002';
const SEED = 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    env: { ALLOWED_CHANNEL_IDS: ALLOWED, RATE_LIMIT_PER_MINUTE: '1000' },
    fake: {
      channelIds: [
        { id: ALLOWED, name: 'news' },
        { id: OTHER, name: 'random' },
      ],
    },
  });
});

afterAll(async () => {
  if (!h) return;
  expect(h.fake.mentionViolations).toEqual([]);
  expect(h.fake.limitViolations).toEqual([]);
  await h.stop();
});

/** The bot's reply to the user's message `messageId`. */
function replyTo(messageId: string): Promise<RecordedRequest> {
  return h.fake.waitForRequest(
    (r) =>
      r.method === 'POST' &&
      /^\/channels\/\d+\/messages$/.test(r.path) &&
      r.status === 200 &&
      r.body?.message_reference?.message_id === messageId,
  );
}

/**
 * Sends a mention in the allowed channel and waits for its reply. Gateway events reach the bot in
 * order, so once this is answered every event sent before it has been handled: what the bot did
 * not answer by then, it ignored (a sleep would pass even if the bot answered after it).
 */
async function sentinel(): Promise<string> {
  const sent = await h.fake.sendMessage('من هو رئيس الأركان الروسي؟', { channelId: ALLOWED, mentionsBot: true });
  await replyTo(sent.id);
  return sent.id;
}

type Embed = { title: string; description: string; fields?: Array<{ value: string }> };

describe('mentions', () => {
  it('answers "@bot question" in an allowed channel as a reply that pings nobody', async () => {
    const sent = await h.fake.sendMessage(SEED, { channelId: ALLOWED, mentionsBot: true });
    const reply = await replyTo(sent.id);
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const embed = reply.body.embeds[0] as Embed;
    // Discord shows the question right above the reply: the answer does not repeat it.
    expect(embed).not.toHaveProperty('title');
    expect(visibleText(embed.description)).toContain('أنطاليا');
    expect(directionProblems(reply.body)).toEqual([]);
    // The bot's own reply comes back as MESSAGE_CREATE; it must not answer itself.
    const sentinelId = await sentinel();
    expect(h.fake.botMessages(ALLOWED).map((m) => (m.message_reference as { message_id?: string } | undefined)?.message_id)).toEqual([
      sent.id,
      sentinelId,
    ]);
  });

  it('in a thread, a short follow-up leans on the previous question', async () => {
    const thread = await h.fake.createThread({ parentId: ALLOWED, name: 'أسئلة' });
    const threadId = thread.id as string;
    const first = await h.fake.sendMessage(SEED, { channelId: threadId, mentionsBot: true });
    await replyTo(first.id);
    const followUp = await h.fake.sendMessage('ومتى حدث ذلك؟', { channelId: threadId, mentionsBot: true });
    const reply = await replyTo(followUp.id);
    const embed = reply.body.embeds[0] as Embed;
    expect(visibleText(embed.title!)).toBe(`سؤالك كما فهمته: ${SEED} ومتى حدث ذلك؟`);
    expect(visibleText(embed.description)).toContain('اليوم الثلاثاء');

    // A question with enough words of its own stands alone.
    const own = 'من هو رئيس الأركان التركي الذي بحث مع نظيره الروسي إجراءات وقف إطلاق النار في إدلب؟';
    const standalone = await h.fake.sendMessage(own, { channelId: threadId, mentionsBot: true });
    expect((await replyTo(standalone.id)).body.embeds[0]).not.toHaveProperty('title');
  });

  it('follow-ups lean on the thread question, never on each other, and do not inherit its answer mark', async () => {
    const thread = await h.fake.createThread({ parentId: ALLOWED, name: 'جنود' });
    const threadId = thread.id as string;
    const asked = 'كم عدد الجنود الأمريكيين في سوريا؟';
    const first = await h.fake.sendMessage(asked, { channelId: threadId, mentionsBot: true });
    expect((await replyTo(first.id)).body.embeds[0].description).toContain('**503 جنود**');
    for (const followUp of ['ومتى حدث ذلك؟', 'وأين اجتمعوا؟']) {
      const sent = await h.fake.sendMessage(followUp, { channelId: threadId, mentionsBot: true });
      const embed = (await replyTo(sent.id)).body.embeds[0] as Embed;
      expect(visibleText(embed.title!)).toBe(`سؤالك كما فهمته: ${asked} ${followUp}`);
      // A "when" or "where" question is not answered with the count the first question asked for.
      expect(embed.description).not.toContain('**503 جنود**');
    }
  });

  it('a follow-up can lean on a question asked with /ask in the same thread', async () => {
    const thread = await h.fake.createThread({ parentId: ALLOWED, name: 'ask' });
    const asked = await h.fake.sendCommand('ask', [{ name: 'question', type: 3, value: SEED }], { channelId: thread.id as string });
    await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(asked.token) && r.status === 200);
    const followUp = await h.fake.sendMessage('ومتى حدث ذلك؟', { channelId: thread.id as string, mentionsBot: true });
    expect(visibleText((await replyTo(followUp.id)).body.embeds[0].title)).toBe(`سؤالك كما فهمته: ${SEED} ومتى حدث ذلك؟`);
  });

  it('a follow-up in a thread with no earlier question is asked as it is', async () => {
    const thread = await h.fake.createThread({ parentId: ALLOWED, name: 'جديد' });
    const sent = await h.fake.sendMessage('ومتى حدث ذلك؟', { channelId: thread.id as string, mentionsBot: true });
    const reply = await replyTo(sent.id);
    expect(reply.body.embeds[0]).not.toHaveProperty('title');
    expect(reply.body.embeds[0].description).toBeTruthy();
  });

  it('a bare mention gets a hint in Arabic; a mention of the bot role, whose text Discord hides, explains itself', async () => {
    const bare = await h.fake.sendMessage('', { channelId: ALLOWED, mentionsBot: true });
    expect(visibleText((await replyTo(bare.id)).body.content)).toBe('اذكرني مع سؤالك، مثلًا: من هو رئيس الأركان الروسي؟');
    const role = await h.fake.sendMessage(SEED, { channelId: ALLOWED, mentionsBotRole: true });
    expect(visibleText((await replyTo(role.id)).body.content)).toBe('لم أستطع قراءة السؤال: اذكرني أنا (اسم البوت) لا دوري.');
  });

  it('ignores channels outside ALLOWED_CHANNEL_IDS and messages that do not mention it', async () => {
    const before = h.fake.requests.length;
    const elsewhere = await h.fake.sendMessage(SEED, { channelId: OTHER, mentionsBot: true });
    const unmentioned = await h.fake.sendMessage(SEED, { channelId: ALLOWED });
    expect(elsewhere.delivered && unmentioned.delivered).toBe(true);
    const sentinelId = await sentinel();
    const posts = h.fake.requests.slice(before).filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.body?.message_reference?.message_id)).toEqual([sentinelId]);
  });

  it('an English question is told the articles are Arabic, without a title under the reply preview', async () => {
    const sent = await h.fake.sendMessage('Where did the chiefs of staff meet?', { channelId: ALLOWED, mentionsBot: true });
    const embed = (await replyTo(sent.id)).body.embeds[0] as Embed;
    expect(embed).not.toHaveProperty('title');
    expect(embed.description).toMatch(/^The articles are in Arabic/);
  });

  it('"more quotes" under a mention reply adds a follow-up and leaves the reply as it was', async () => {
    const sent = await h.fake.sendMessage(SEED, { channelId: ALLOWED, mentionsBot: true });
    const reply = await replyTo(sent.id);
    const replyMessage = h.fake
      .botMessages(ALLOWED)
      .find((m) => (m.message_reference as { message_id?: string } | undefined)?.message_id === sent.id)!;
    const before = JSON.stringify(replyMessage);
    const more = (reply.body.components as Array<{ components: Array<{ custom_id: string }> }>)[0]!.components[0]!;
    const click = await h.fake.sendButton(more.custom_id, replyMessage.id);
    const followUp = await h.fake.waitFor(() => h.fake.followUps(click.token)[0], 5000, 'the follow-up');
    expect(h.fake.messagesFor(click.token).map((r) => r.body?.type ?? r.method)).toEqual([6, 'POST']);
    expect(visibleText((followUp.embeds[0] as Embed).title)).toBe(`تتمة الجواب: ${SEED}`);
    expect(JSON.stringify(h.fake.message(replyMessage.id))).toBe(before);
  });
});
