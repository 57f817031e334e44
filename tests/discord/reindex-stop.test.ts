// Issue 10, cases 5 and 7 through the fake Discord: SIGTERM while /reindex runs replies to the
// interaction before the bot exits, leaving the index unlocked for the next start; /reindex over an
// emptied corpus folder keeps the served index and says why.

import { spawn } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { textsFor } from '../../src/discord/language.ts';
import { registerCommands } from '../../src/discord/register-commands.ts';
import { updateIndex } from '../../src/store/index.ts';
import { FakeDiscord } from '../fake-discord/server.ts';
import { ARCD_CORPUS, copyCorpus, NEWS_CORPUS, TempDirs } from '../helpers/fixtures.ts';
import { indexSettings } from '../helpers/index-settings.ts';
import { visibleText } from './rendered-text.ts';
import { answerEditOf, BOT_TOKEN, callbackOf, ROOT, startHarness } from './harness.ts';

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const MANAGER = { memberPermissions: PermissionFlagsBits.ManageGuild.toString() };
const temp = new TempDirs();
afterAll(() => temp.removeAll());

describe('SIGTERM while /reindex runs (the real bot process)', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start({ heartbeatMs: 500, token: BOT_TOKEN });
  });
  afterAll(() => fake.stop());

  it('replies "stopped; the previous index keeps serving", exits 0, and the next start can update the index', async () => {
    const work = await temp.make('sigterm');
    const corpus = path.join(work, 'corpus');
    await copyCorpus(NEWS_CORPUS, corpus);
    const env = {
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_APP_ID: fake.appId,
      DISCORD_GUILD_ID: fake.guildId,
      DISCORD_API_BASE: fake.apiBase,
      CORPUS_DIR: corpus,
      EMBEDDINGS_DIR: path.join(work, 'embeddings'),
      EMBEDDER: 'builtin',
      DATA_DIR: path.join(work, 'data'),
    };
    await registerCommands(loadConfig(env, ROOT));
    const bot = spawn(TSX, [path.join(ROOT, 'src/discord/main.ts')], {
      cwd: work,
      env: { PATH: process.env.PATH ?? '', HOME: work, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    bot.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    bot.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => bot.on('exit', (code) => resolve(code)));
    try {
      await fake.waitFor(() => output.includes('connected to Discord'), 30_000, 'the bot to connect');
      // Enough new articles that the reindex takes seconds.
      await copyCorpus(ARCD_CORPUS, corpus);

      const reindex = await fake.sendCommand('reindex', [], MANAGER);
      expect((await callbackOf(fake, reindex.token)).status).toBe(204);
      bot.kill('SIGTERM');
      const edit = await answerEditOf(fake, reindex.token, 30_000).catch((error: Error) => {
        throw new Error(`${error.message}; the bot said:\n${output}`);
      });
      expect(edit.status).toBe(200);
      // The interface is Arabic by default (BOT_LANGUAGE=auto with no English text to go by).
      expect(fake.originalMessage(reindex.token)!.content).toContain(textsFor('ar').reindexStopped);
      expect(await exited).toBe(0);
      expect(output).toContain('"status":"stopped"');
    } finally {
      bot.kill('SIGKILL');
    }
    // The next start: no lock left behind, the update goes through.
    const { report } = await updateIndex(indexSettings(corpus, path.join(work, 'embeddings'), { whenLocked: 'fail' }));
    expect(report.articles).toBe(5 + 146);
  }, 90_000);
});

describe('/reindex over an emptied corpus folder', () => {
  it('keeps serving the index and replies that it was not updated, and why', async () => {
    const corpus = await temp.make('reindex-emptied');
    await copyCorpus(NEWS_CORPUS, corpus);
    const h = await startHarness({ corpusDir: corpus });
    try {
      for (const name of await readdir(corpus)) await rm(path.join(corpus, name));
      const reindex = await h.fake.sendCommand('reindex', [], MANAGER);
      await answerEditOf(h.fake, reindex.token, 30_000);
      const content = visibleText(h.fake.originalMessage(reindex.token)!.content as string);
      expect(content).toContain(
        textsFor('ar')
          .reindexStale('the corpus folder')
          .replace(/the corpus folder$/, ''),
      );
      expect(content).toMatch(/the corpus folder .+ no longer holds every one of the 5 indexed articles/);
      expect(content).not.toContain(textsFor('ar').reindexDone(0, 0, 0).slice(0, 12));
      expect(h.bot.context.engine().articleCount).toBe(5);
    } finally {
      await h.stop();
    }
  });
});
