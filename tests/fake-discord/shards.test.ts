// The fake Discord's sharding, with two real discord.js clients as shards 0 and 1 of 2: each
// identifies with its shard, gets only the guilds it owns, and gets each guild's interactions
// and messages only on its own connection, as Discord routes them ((guild_id >> 22) % 2).

import { Client, Events, GatewayIntentBits, Partials, type Interaction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, guildIdInShard, shardOfGuild } from './server.ts';

const SHARDS = 2;
let fake: FakeDiscord;
const clients: Client[] = [];
/** Guild ids of the interactions each shard's client received. */
const received: string[][] = [[], []];

beforeAll(async () => {
  fake = await FakeDiscord.start({
    heartbeatMs: 500,
    guildId: guildIdInShard(0, SHARDS),
    moreGuildIds: [guildIdInShard(1, SHARDS)],
    shards: SHARDS,
  });
  for (const shard of [0, 1]) {
    const client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
      partials: [Partials.Channel],
      rest: { api: fake.apiBase, cdn: fake.cdnBase },
      shards: [shard],
      shardCount: SHARDS,
    });
    client.on(Events.InteractionCreate, (interaction: Interaction) => {
      received[shard]!.push(interaction.guildId ?? 'dm');
      if (interaction.isChatInputCommand()) void interaction.reply({ content: `shard ${shard}`, allowedMentions: { parse: [] } });
    });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login('any-token');
    await ready;
    clients.push(client);
  }
}, 20_000);

afterAll(async () => {
  for (const client of clients) await client.destroy();
  await fake?.stop();
});

describe('FakeDiscord with two shards', () => {
  it('recommends the configured shard count and gives each shard the guilds it owns', async () => {
    const gateway = await fetch(`${fake.apiBase}/v10/gateway/bot`, { headers: { authorization: 'Bot any-token' } });
    expect(((await gateway.json()) as { shards: number }).shards).toBe(SHARDS);
    expect(fake.shardSessions.map((s) => s.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.guildIds.map((id) => shardOfGuild(id, SHARDS))).toEqual([0, 1]);
    expect([...clients[0]!.guilds.cache.keys()]).toEqual([fake.guildIds[0]]);
    expect([...clients[1]!.guilds.cache.keys()]).toEqual([fake.guildIds[1]]);
  });

  it('sends an interaction in a guild to the shard that owns it, and its reply is accepted', async () => {
    for (const guildId of [...fake.guildIds].reverse()) {
      const { token } = await fake.sendCommand('ask', [], { channelId: fake.channelsOf(guildId)[0]! });
      const callback = await fake.waitForRequest((r) => r.method === 'POST' && r.path.includes(token));
      expect(callback.status).toBe(204);
      expect(fake.originalMessage(token)?.content).toBe(`shard ${shardOfGuild(guildId, SHARDS)}`);
      expect(fake.originalMessage(token)?.guild_id).toBe(guildId);
    }
    expect(received).toEqual([[fake.guildIds[0]], [fake.guildIds[1]]]);
  });
});
