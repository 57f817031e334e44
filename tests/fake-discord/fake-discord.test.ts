// End-to-end check of the fake Discord with a real discord.js Client and a tiny inline bot.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  type Interaction,
  type Message,
} from 'discord.js';
import { FakeDiscord, type RecordedRequest } from './server.ts';

const NO_PINGS = { parse: [] as never[] };

let fake: FakeDiscord;
let client: Client;
/** Errors thrown inside the test bot's handlers (some are expected, e.g. the 2,001-char reply). */
const handlerErrors: Array<{ where: string; error: unknown }> = [];
/** Message ids discord.js returned from `reply({ withResponse: true })`. */
const withResponseIds: string[] = [];

function attachTestBot(c: Client): void {
  c.on(Events.InteractionCreate, (interaction: Interaction) => {
    void handleInteraction(interaction).catch((error: unknown) => handlerErrors.push({ where: 'interaction', error }));
  });
  c.on(Events.MessageCreate, (message: Message) => {
    void handleMessage(message, c).catch((error: unknown) => handlerErrors.push({ where: 'message', error }));
  });
}

async function handleInteraction(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    const typed = String(interaction.options.getFocused());
    await interaction.respond(
      ['غزة', 'الخرطوم', 'بيروت'].filter((n) => n.startsWith(typed) || typed === '').map((n) => ({ name: n, value: n })),
    );
    return;
  }
  if (interaction.isButton()) {
    await interaction.update({ content: `pressed ${interaction.customId}`, components: [], allowedMentions: NO_PINGS });
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  switch (interaction.commandName) {
    case 'ask': {
      const privately = interaction.options.getBoolean('private') ?? false;
      await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
      const question = interaction.options.getString('question', true);
      const embed = new EmbedBuilder()
        .setTitle('الجواب')
        .setDescription(`«${question}» — اقتباس من المقال`)
        .addFields({ name: 'المصدر', value: 'مقال ١' })
        .setFooter({ text: 'isnad' });
      await interaction.editReply({ embeds: [embed], allowedMentions: NO_PINGS });
      return;
    }
    case 'buttons': {
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId('more').setLabel('More').setStyle(ButtonStyle.Primary),
      );
      const response = await interaction.reply({ content: 'choose', components: [row], allowedMentions: NO_PINGS, withResponse: true });
      withResponseIds.push(response.resource?.message?.id ?? 'none');
      await interaction.followUp({ content: 'and a follow-up', allowedMentions: NO_PINGS });
      return;
    }
    case 'file':
      await interaction.deferReply();
      await interaction.editReply({
        content: 'see the file',
        files: [{ attachment: Buffer.from('نص المقال'), name: 'quote.txt' }],
        allowedMentions: NO_PINGS,
      });
      return;
    case 'noisy':
      // Forgets allowedMentions: the fake must flag it.
      await interaction.reply({ content: 'hello @everyone' });
      return;
    case 'slow':
      // Past the fake's acknowledgement deadline, without waiting for it.
      fake.advanceClock(fake.ackDeadlineMs + 1000);
      try {
        await interaction.deferReply();
      } catch (error) {
        handlerErrors.push({ where: 'slow', error });
      }
      return;
    case 'long': {
      await interaction.deferReply();
      try {
        await interaction.editReply({ content: 'x'.repeat(2001), allowedMentions: NO_PINGS });
      } catch (error) {
        handlerErrors.push({ where: 'long', error });
        await interaction.editReply({ content: 'too long, sorry', allowedMentions: NO_PINGS });
      }
      return;
    }
    default:
      await interaction.reply({ content: 'unknown command', allowedMentions: NO_PINGS });
  }
}

async function handleMessage(message: Message, c: Client): Promise<void> {
  if (message.author.bot || !c.user || !message.mentions.users.has(c.user.id)) return;
  await message.reply({ content: 'pong', allowedMentions: { parse: [], repliedUser: false } });
}

const forToken = (token: string, method: string, route: string) => (r: RecordedRequest) =>
  r.method === method && r.path.includes(token) && r.route !== null && r.route.includes(route);

describe('fake Discord with a real discord.js client', () => {
  beforeAll(async () => {
    fake = await FakeDiscord.start({ heartbeatMs: 500 });
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
      partials: [Partials.Channel],
      rest: { api: fake.apiBase, cdn: fake.cdnBase },
    });
    attachTestBot(client);
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login('fake-token.for.tests');
    await Promise.race([ready, new Promise((_, reject) => setTimeout(() => reject(new Error('client not ready within 5 s')), 5000))]);
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.stop();
  });

  it('logs in: gateway/bot, IDENTIFY, READY + GUILD_CREATE, heartbeats acknowledged', async () => {
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(fake.botUserId);
    expect(client.application?.id).toBe(fake.appId);
    expect(client.guilds.cache.get(fake.guildId)?.available).toBe(true);
    expect(client.channels.cache.get(fake.channelIds[0]!)?.isTextBased()).toBe(true);
    expect(fake.identifyCount).toBe(1);
    const gw = fake.requests.find((r) => r.path === '/gateway/bot');
    expect(gw?.headers.authorization).toBe('Bot fake-token.for.tests');
    expect(fake.identifyPayloads[0]?.intents).toBe((1 << 0) | (1 << 9) | (1 << 15));
    await fake.waitFor(() => fake.heartbeatCount >= 1, 3000, 'a heartbeat');
    const seqs = fake.gatewayFrames.filter((f) => f.dir === 'out' && f.op === 0).map((f) => f.s!);
    expect(seqs.slice(0, 2)).toEqual([1, 2]);
    expect(fake.gatewayFrames.filter((f) => f.dir === 'out' && f.op !== 0).every((f) => f.s === null)).toBe(true);
  });

  it('slash command: defer (type 5) then PATCH @original with the embed', async () => {
    const { token, sentAt } = await fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'ما الخبر؟' }]);
    const edit = await fake.waitForRequest(forToken(token, 'PATCH', '/messages/:message'));
    const calls = fake.messagesFor(token);
    expect(calls.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 204', 'PATCH 200']);
    expect(calls[0]!.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(calls[0]!.query.with_response).toBe('false');
    expect(calls[0]!.at).toBeGreaterThan(sentAt);
    expect(edit.path).toMatch(/\/messages\/@original$/);
    expect(edit.body.embeds[0].title).toBe('الجواب');
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(fake.originalMessage(token)?.embeds).toHaveLength(1);
    expect(fake.mentionViolations).toEqual([]);
  });

  it('ephemeral deferral carries flag 64', async () => {
    const { token } = await fake.sendCommand('ask', [
      { name: 'question', type: 3, value: 'سر' },
      { name: 'private', type: 5, value: true },
    ]);
    await fake.waitForRequest(forToken(token, 'PATCH', '/messages/:message'));
    expect(fake.messagesFor(token)[0]!.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(fake.originalMessage(token)!.flags & 64).toBe(64);
  });

  it('multipart edits: payload_json is parsed and files recorded', async () => {
    const { token } = await fake.sendCommand('file', []);
    const edit = await fake.waitForRequest(forToken(token, 'PATCH', '/messages/:message'));
    expect(edit.status).toBe(200);
    expect(edit.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(edit.body.content).toBe('see the file');
    expect(edit.files).toEqual([
      expect.objectContaining({ field: 'files[0]', filename: 'quote.txt', size: Buffer.byteLength('نص المقال') }),
    ]);
    expect(fake.originalMessage(token)?.attachments).toEqual([expect.objectContaining({ filename: 'quote.txt' })]);
  });

  it('autocomplete answers with callback type 8', async () => {
    const { token } = await fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'غ', focused: true }], {
      autocomplete: true,
    });
    const cb = await fake.waitForRequest(forToken(token, 'POST', '/callback'));
    expect(cb.status).toBe(204);
    expect(cb.body).toEqual({ type: 8, data: { choices: [{ name: 'غزة', value: 'غزة' }] } });
  });

  it('button click + interaction.update → callback type 7 and the message is updated', async () => {
    const { token } = await fake.sendCommand('buttons', []);
    await fake.waitForRequest(forToken(token, 'POST', '/callback'));
    const original = fake.originalMessage(token)!;
    expect(original.components).toHaveLength(1);
    // reply({ withResponse: true }) → ?with_response=true → 200 with the callback response.
    expect(fake.messagesFor(token)[0]!.query.with_response).toBe('true');
    expect(fake.messagesFor(token)[0]!.status).toBe(200);
    await fake.waitFor(() => withResponseIds.includes(original.id), 3000, 'the withResponse message id');
    await fake.waitFor(() => fake.followUps(token).length === 1 || undefined, 3000, 'follow-up');
    expect(fake.followUps(token)[0]!.content).toBe('and a follow-up');
    const click = await fake.sendButton('more', original.id);
    const cb = await fake.waitForRequest(forToken(click.token, 'POST', '/callback'));
    expect(cb.status).toBe(204);
    expect(cb.body.type).toBe(7);
    expect(fake.message(original.id)?.content).toBe('pressed more');
    expect(fake.message(original.id)?.components).toEqual([]);
  });

  it('a mention gets a reply with message_reference', async () => {
    const sent = await fake.sendMessage('hello there', { mentionsBot: true });
    expect(sent.delivered).toBe(true);
    const post = await fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${fake.channelIds[0]}/messages` && r.status === 200,
    );
    expect(post.body.content).toBe('pong');
    expect(post.body.message_reference).toMatchObject({ message_id: sent.id });
    expect(post.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(
      fake.botMessages(fake.channelIds[0]).some((m) => m.referenced_message && (m.referenced_message as { id: string }).id === sent.id),
    ).toBe(true);
  });

  it('a mention inside a thread is seen too', async () => {
    const thread = await fake.createThread({ name: 'نقاش' });
    await fake.waitFor(() => client.channels.cache.get(thread.id as string), 3000, 'thread cached');
    const sent = await fake.sendMessage('in a thread', { mentionsBot: true, channelId: thread.id as string });
    const post = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${String(thread.id)}/messages`);
    expect(post.body.message_reference.message_id).toBe(sent.id);
  });

  it('a 429 on the PATCH is retried after Retry-After and then succeeds', async () => {
    fake.failNextRequests((m, p) => m === 'PATCH' && p.endsWith('/messages/@original'), 1, 0.3);
    const { token } = await fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'retry' }]);
    const ok = await fake.waitForRequest((r) => forToken(token, 'PATCH', '/messages/:message')(r) && r.status === 200);
    const patches = fake.messagesFor(token).filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.status)).toEqual([429, 200]);
    expect(patches[0]!.injected).toBe(true);
    expect(ok.at - patches[0]!.at).toBeGreaterThanOrEqual(250);
  });

  it('close 4000 → the client RESUMEs, missed dispatches are replayed, later interactions still work', async () => {
    const resumed = new Promise<number>((resolve) => client.once(Events.ShardResume, (_id, replayed) => resolve(replayed)));
    fake.closeGatewayWith(4000);
    await fake.waitFor(() => !fake.connected || undefined, 2000, 'disconnect');
    // Sent while the client is away: must be replayed on RESUME.
    const missed = await fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'missed' }]);
    await fake.waitFor(() => fake.resumeCount === 1, 5000, 'RESUME');
    expect(await resumed).toBeGreaterThanOrEqual(1);
    expect(fake.identifyCount).toBe(1);
    await fake.waitForRequest(forToken(missed.token, 'PATCH', '/messages/:message'));
    const later = await fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'after' }]);
    const edit = await fake.waitForRequest(forToken(later.token, 'PATCH', '/messages/:message'));
    expect(edit.status).toBe(200);
    expect(fake.identifyCount).toBe(1);
  });

  it('a 2,001-char content is rejected with 400 / 50035 and recorded as a limit violation', async () => {
    const before = handlerErrors.length;
    const { token } = await fake.sendCommand('long', []);
    await fake.waitFor(() => fake.messagesFor(token).filter((r) => r.method === 'PATCH').length === 2 || undefined, 5000, 'two PATCHes');
    const [bad, good] = fake.messagesFor(token).filter((r) => r.method === 'PATCH');
    expect(bad!.status).toBe(400);
    expect(good!.status).toBe(200);
    expect(fake.limitViolations).toContainEqual(expect.objectContaining({ field: 'content', limit: 2000, actual: 2001, method: 'PATCH' }));
    const err = handlerErrors.slice(before).find((e) => e.where === 'long')?.error as { code?: number; status?: number };
    expect(err?.status).toBe(400);
    expect(err?.code).toBe(50035);
  });

  it('no unexpected errors, unknown routes or pings so far', () => {
    expect(handlerErrors.filter((e) => e.where !== 'long')).toEqual([]);
    expect(fake.unknownRequests).toEqual([]);
    expect(fake.mentionViolations).toEqual([]);
    expect(fake.rejections.filter((r) => r.status !== 400)).toEqual([]);
  });

  it('flags a message sent without allowed_mentions', async () => {
    const { token } = await fake.sendCommand('noisy', []);
    await fake.waitForRequest(forToken(token, 'POST', '/callback'));
    expect(fake.mentionViolations).toHaveLength(1);
    expect(fake.mentionViolations[0]!.path).toContain(token);
    expect(fake.mentionViolations[0]!.reason).toMatch(/missing/);
    fake.mentionViolations.length = 0;
  });

  it('rejects a second acknowledgement (40060) and a late one (10062)', async () => {
    const { id, token } = await fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'twice' }]);
    await fake.waitForRequest(forToken(token, 'PATCH', '/messages/:message'));
    const again = await fetch(`${fake.apiBase}/v10/interactions/${id}/${token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 5 }),
    });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { code: number }).code).toBe(40060);

    const slow = await fake.sendCommand('slow', []);
    await fake.waitFor(() => handlerErrors.find((e) => e.where === 'slow'), 3000, 'the late deferReply to fail');
    expect((handlerErrors.find((e) => e.where === 'slow')!.error as { code?: number }).code).toBe(10062);
    expect(fake.messagesFor(slow.token)[0]!.status).toBe(404);
  });

  it('answers unknown routes with a JSON 404 and records them; enforces intents on DMs', async () => {
    const res = await fetch(`${fake.apiBase}/v10/nowhere/${fake.guildId}`, { headers: { authorization: 'Bot x' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: '404: Not Found', code: 0 });
    expect(fake.unknownRequests.map((r) => r.path)).toEqual([`/nowhere/${fake.guildId}`]);
    // The client has no DirectMessages intent: Discord would not send it the DM at all.
    expect((await fake.sendMessage('psst', { dm: true })).delivered).toBe(false);
  });

  // Runs last: once commands are registered, the fake only sends registered commands.
  it('stores guild commands, rejects an Arabic locale, and checks sent options against the registration', async () => {
    const ask = {
      name: 'ask',
      description: 'Ask about the news',
      options: [
        { type: 3, name: 'question', description: 'Your question', required: true, autocomplete: true },
        { type: 5, name: 'private', description: 'Only you see the answer' },
      ],
    };
    const stored = await client.application!.commands.set([ask], fake.guildId);
    expect([...stored.values()].map((c) => c.name)).toEqual(['ask']);
    expect(fake.commands.get(fake.guildId)?.[0]?.id).toBe([...stored.keys()][0]);

    await expect(
      client.application!.commands.set([{ ...ask, name_localizations: { ar: 'اسأل' } }] as never, fake.guildId),
    ).rejects.toMatchObject({ status: 400, code: 50035 });
    expect(fake.limitViolations.some((v) => v.rule === 'invalid_locale')).toBe(true);

    await expect(fake.sendCommand('long', [])).rejects.toThrow(/not registered/);
    await expect(fake.sendCommand('ask', [{ name: 'q', type: 3, value: 'x' }])).rejects.toThrow(/not declared/);
    await expect(fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'x' }], { locale: 'ar' })).rejects.toThrow(/locale/);
    const { token } = await fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'registered' }], { locale: 'fr' });
    expect((await fake.waitForRequest(forToken(token, 'PATCH', '/messages/:message'))).status).toBe(200);
  });
});
