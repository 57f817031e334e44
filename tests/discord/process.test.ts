// The real entry points as separate processes: `npm start` without a token explains itself;
// `npm run register` and `npm start` against the fake Discord; malformed gateway payloads do not
// kill the process; SIGTERM shuts it down cleanly; the token never reaches the output.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fake-discord/server.ts';
import { answerEditOf, BOT_TOKEN, CORPUS_DIR, question, ROOT } from './harness.ts';

const SEED = 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(script: string, env: Record<string, string>, cwd: string): Running {
  // The compiled entry points, as `npm start` and `npm run register` run them (npm test builds dist/ first).
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/discord', script)], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

let workDir: string;

beforeAll(() => {
  // Running from an empty folder means no .env is read.
  workDir = mkdtempSync(path.join(tmpdir(), 'isnad-process-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('npm start without a token', () => {
  it('exits at once with code 1, saying what to put in .env and how to try the engine without Discord', async () => {
    const { exited, output } = run('main.js', {}, workDir);
    // "At once": it exits on its own (the test's time limit catches a hang); no bound on machine speed.
    expect(await exited).toBe(1);
    const text = output();
    expect(text).toContain('DISCORD_TOKEN is not set');
    expect(text).toContain('.env');
    expect(text).toContain('DISCORD_APP_ID=');
    expect(text).toContain('npm run ask -- "');
  }, 20_000);

  it('npm run register says the same when the token or the application id is missing', async () => {
    const { exited, output } = run('register-main.js', { DISCORD_TOKEN: 'x' }, workDir);
    expect(await exited).toBe(1);
    expect(output()).toContain('DISCORD_APP_ID is not set');
  }, 20_000);
});

describe('npm run register, npm start against the fake Discord', () => {
  let fake: FakeDiscord;
  let bot: Running | undefined;
  const others: Running[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ heartbeatMs: 500, token: BOT_TOKEN });
    env = {
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_APP_ID: fake.appId,
      DISCORD_GUILD_ID: fake.guildId,
      DISCORD_API_BASE: fake.apiBase,
      CORPUS_DIR,
      INDEX_DIR: path.join(workDir, 'embeddings'),
      EMBEDDER: 'builtin',
      DATA_DIR: path.join(workDir, 'data'),
      RATE_LIMIT_PER_MINUTE: '100',
      // The fake recommends one shard: the bot runs in this one process, as with SHARDS unset.
      SHARDS: 'auto',
    };
  });

  afterAll(async () => {
    for (const running of [bot, ...others]) running?.child.kill('SIGKILL');
    await fake?.stop();
  });

  it('registers the commands in the guild and says so', async () => {
    const register = run('register-main.js', env, workDir);
    expect(await register.exited).toBe(0);
    expect(register.output()).toMatch(
      /Registered 6 commands in server \d+ \(available now\): \/ask \/sources \/summary \/articles \/help \/reindex/,
    );
    expect(fake.commands.get(fake.guildId)).toHaveLength(6);
  }, 20_000);

  it('answers, survives malformed interactions, answers again, and stops cleanly on SIGTERM', async () => {
    bot = run('main.js', env, workDir);
    await fake.waitFor(() => bot!.output().includes('connected to Discord'), 20_000, 'the bot to connect');
    expect(fake.identifyPayloads.map((d) => d.shard)).toEqual([[0, 1]]);
    expect(bot.output()).not.toContain('shard process started');

    const first = await fake.sendCommand('ask', question(SEED));
    await answerEditOf(fake, first.token);

    for (const malformed of [
      {},
      null,
      'text',
      { id: '1', type: 2 },
      { id: '2', type: 2, token: 't', application_id: fake.appId, version: 1, data: { id: '5', name: 'ask', type: 1 } },
    ]) {
      fake.sendRaw('INTERACTION_CREATE', malformed);
    }
    await fake.waitFor(
      () => (bot!.output().match(/unhandled rejection \(ignored\)/g) ?? []).length >= 3,
      5000,
      'the rejections to be logged',
    );
    expect(bot.child.exitCode).toBeNull();

    const second = await fake.sendCommand('ask', question(SEED));
    await answerEditOf(fake, second.token);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    const output = bot.output();
    expect(output).toContain('"msg":"shutting down"');
    expect(output).toContain('"msg":"disconnected from Discord"');
    expect(output).toMatch(/"command":"ask","latencyMs":\d+,"status":"answered","user":"[0-9a-f]{64}"/);
    expect(output).not.toContain(BOT_TOKEN);
    expect(fake.mentionViolations).toEqual([]);
    expect(fake.limitViolations).toEqual([]);
  }, 40_000);

  it('SHARDS=1 runs the bot in this one process too, as shard 0 of 1', async () => {
    const identified = fake.identifyPayloads.length;
    const single = run('main.js', { ...env, SHARDS: '1' }, workDir);
    others.push(single);
    await fake.waitFor(() => single.output().includes('connected to Discord'), 20_000, 'the bot to connect');
    expect(fake.identifyPayloads.slice(identified).map((d) => d.shard)).toEqual([[0, 1]]);
    const answered = await fake.sendCommand('ask', question(SEED));
    await answerEditOf(fake, answered.token);
    single.child.kill('SIGTERM');
    expect(await single.exited).toBe(0);
    expect(single.output()).not.toContain('shard process started');
  }, 40_000);
});
