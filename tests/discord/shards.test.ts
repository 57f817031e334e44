// SHARDS=auto against a fake Discord that recommends two shards: `npm start` runs a
// ShardingManager and two real shard processes over one index. Each shard answers in the guild
// it owns and keeps "more quotes" working there (the press reaches the shard that answered);
// /reindex on shard 1 is run by shard 0, the only writer, and shard 1 then answers from the new
// index; SIGTERM stops all three processes.

import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, guildIdInShard, shardOfGuild } from '../fake-discord/server.ts';
import { answerEditOf, BOT_TOKEN, CORPUS_DIR, question, ROOT } from './harness.ts';
import type { Row } from './payloads.ts';

const SEED = 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';
const NEW_ARTICLE = [
  'افتتحت بلدية الزرقاء مكتبة عامة جديدة',
  'افتتحت بلدية الزرقاء يوم الثلاثاء مكتبة عامة جديدة تضم خمسين ألف كتاب في حي الأمير حسن.',
  'وقال رئيس البلدية إن المكتبة ستفتح أبوابها للطلاب مجانا طوال أيام الأسبوع.',
].join('\n');
const NEW_QUESTION = 'كم كتابا تضم المكتبة العامة الجديدة في الزرقاء؟';
const SECOND_ARTICLE = [
  'فريق مدرسة الرصيفة يفوز بمسابقة الروبوت الوطنية',
  'فاز فريق مدرسة الرصيفة الثانوية بالمركز الأول في مسابقة الروبوت الوطنية بعد أن صمم روبوتا يفرز النفايات البلاستيكية.',
].join('\n');
const SECOND_QUESTION = 'من فاز بالمركز الأول في مسابقة الروبوت الوطنية؟';
const BIDI = /[\u200e\u200f\u2066-\u2069]/g;

let workDir: string;
let fake: FakeDiscord;
let bot: ChildProcess;
let output = '';
let exited: Promise<number | null>;

interface LogLine {
  msg?: string;
  shard?: number;
  command?: string;
  status?: string;
}
const logLines = (): LogLine[] =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

/** The pid of a shard process: a child of the manager whose environment says SHARDS=<id>. */
function shardPid(id: number): number {
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(bot.pid)])
    .toString()
    .trim()
    .split(/\s+/)
    .map(Number);
  const pid = children.find((p) => readFileSync(`/proc/${p}/environ`, 'utf8').split('\0').includes(`SHARDS=${id}`));
  if (pid === undefined) throw new Error(`no process for shard ${id}`);
  return pid;
}

const plain = (message: unknown): string => JSON.stringify(message).replace(BIDI, '');
const channelOf = (guildId: string) => ({ channelId: fake.channelsOf(guildId)[0]! });

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'isnad-shards-'));
  cpSync(CORPUS_DIR, path.join(workDir, 'corpus'), { recursive: true });
  fake = await FakeDiscord.start({
    heartbeatMs: 500,
    token: BOT_TOKEN,
    guildId: guildIdInShard(0, 2),
    moreGuildIds: [guildIdInShard(1, 2)],
    shards: 2,
  });
  bot = spawn(process.execPath, [path.join(ROOT, 'dist/discord/main.js')], {
    cwd: workDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: workDir,
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_API_BASE: fake.apiBase,
      SHARDS: 'auto',
      CORPUS_DIR: path.join(workDir, 'corpus'),
      INDEX_DIR: path.join(workDir, 'embeddings'),
      DATA_DIR: path.join(workDir, 'data'),
      EMBEDDER: 'builtin',
      BOT_LANGUAGE: 'en',
      RATE_LIMIT_PER_MINUTE: '100',
      FEED_INTERVAL_MINUTES: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  bot.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  exited = new Promise((resolve) => bot.on('exit', (code) => resolve(code)));
  // The manager's line can come before a shard's own line has come through its pipe: wait for all three.
  await fake.waitFor(
    () => output.includes('"msg":"every shard connected"') && output.split('"msg":"connected to Discord"').length - 1 >= 2,
    60_000,
    'both shards to connect',
  );
}, 70_000);

afterAll(async () => {
  bot?.kill('SIGKILL');
  await fake?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('npm start with SHARDS=auto and two shards', () => {
  it('asks Discord for the shard count and runs one process per shard, each identified as its shard', () => {
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === '/gateway/bot')).toBe(true);
    expect(fake.identifyPayloads.map((d) => d.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const started = logLines().filter((l) => l.msg === 'connected to Discord');
    expect(started.map((l) => l.shard)).toEqual([0, 1]);
  });

  it('answers in a guild of each shard, on that shard, and "more quotes" continues the answer there', async () => {
    for (const guildId of fake.guildIds) {
      const asked = await fake.sendCommand('ask', question(SEED), channelOf(guildId));
      await answerEditOf(fake, asked.token, 15_000);
      const answer = fake.originalMessage(asked.token)!;
      expect(answer.guild_id).toBe(guildId);
      const more = (answer.components as Row[])[0]!.components[0]!;
      expect(more.custom_id).toMatch(/^more:/);

      // The press reaches the shard owning the guild, the one that remembers the answer: a
      // continuation of this question, not "this answer has expired".
      const press = await fake.sendButton(more.custom_id, answer.id);
      const followUp = await fake.waitFor(() => fake.followUps(press.token)[0], 15_000, 'the follow-up');
      expect(plain(followUp.embeds)).toContain(`Continued: ${SEED}`);
    }
    const asks = await fake.waitFor(
      () => logLines().filter((l) => l.command === 'ask').length === 2 && logLines().filter((l) => l.command === 'ask'),
      5000,
      'the answers logged',
    );
    expect(asks.map((l) => l.shard)).toEqual(fake.guildIds.map((id) => shardOfGuild(id, 2)));
    expect(fake.mentionViolations).toEqual([]);
    expect(fake.limitViolations).toEqual([]);
  }, 60_000);

  it('/reindex on shard 1 is run by shard 0, the only writer, and shard 1 then answers from the new index', async () => {
    const [writerGuild, readerGuild] = fake.guildIds as [string, string];
    const before = await fake.sendCommand('sources', question(NEW_QUESTION), channelOf(readerGuild));
    await answerEditOf(fake, before.token, 15_000);
    expect(plain(fake.originalMessage(before.token))).not.toContain('خمسين ألف كتاب');

    writeFileSync(path.join(workDir, 'corpus', '005_new_library.txt'), NEW_ARTICLE);
    const reindex = await fake.sendCommand('reindex', [], {
      ...channelOf(readerGuild),
      memberPermissions: PermissionFlagsBits.ManageGuild.toString(),
    });
    await answerEditOf(fake, reindex.token, 30_000);
    expect(plain(fake.originalMessage(reindex.token))).toMatch(/Reindexed 6 articles/);

    // Received on shard 1, built and swapped in on shard 0, loaded by shard 1 before the reply.
    const logged = await fake.waitFor(() => logLines().find((l) => l.command === 'reindex'), 5000, 'the /reindex log line');
    expect(logged.shard).toBe(1);
    const swapped = () => logLines().filter((l) => l.msg === 'engine swapped');
    await fake.waitFor(() => swapped().length >= 2, 5000, 'both shards to swap engines');
    expect(
      swapped()
        .map((l) => l.shard)
        .sort(),
    ).toEqual([0, 1]);

    for (const guildId of [readerGuild, writerGuild]) {
      const after = await fake.sendCommand('sources', question(NEW_QUESTION), channelOf(guildId));
      await answerEditOf(fake, after.token, 15_000);
      expect(plain(fake.originalMessage(after.token))).toContain('خمسين ألف كتاب');
    }
  }, 60_000);

  it('shard 0 killed: the manager restarts it, it brings the index up to date, and shard 1 loads that index', async () => {
    const readerGuild = fake.guildIds[1]!;
    const sources = async () => {
      const asked = await fake.sendCommand('sources', question(SECOND_QUESTION), channelOf(readerGuild));
      await answerEditOf(fake, asked.token, 15_000);
      return plain(fake.originalMessage(asked.token));
    };
    writeFileSync(path.join(workDir, 'corpus', '006_robot_contest.txt'), SECOND_ARTICLE);
    expect(await sources()).not.toContain('يفرز النفايات البلاستيكية');

    const readerSwaps = () => logLines().filter((l) => l.msg === 'engine swapped' && l.shard === 1).length;
    const before = readerSwaps();
    process.kill(shardPid(0), 'SIGKILL');
    await fake.waitFor(() => readerSwaps() > before, 40_000, 'shard 1 to load the index the restarted shard 0 wrote');
    expect(await sources()).toContain('يفرز النفايات البلاستيكية');
  }, 60_000);

  it('SIGTERM to the manager stops every shard cleanly', async () => {
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    const disconnected = logLines().filter((l) => l.msg === 'disconnected from Discord');
    expect(disconnected.map((l) => l.shard).sort()).toEqual([0, 1]);
    expect(output).not.toContain(BOT_TOKEN);
  }, 30_000);
});
