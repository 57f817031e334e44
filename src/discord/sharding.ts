// SHARDS > 1 or auto: one ShardingManager process spawning a shard process per Discord shard.
// Every shard serves the same index folder; shard 0 alone writes it (the feed rounds and every
// /reindex, forwarded to it) and, after each new index, has the other shards load it.

import { REST, Routes, ShardingManager, type Client } from 'discord.js';
import type { Config } from '../config.ts';
import { Engine } from '../engine/index.ts';
import * as z from '../zod.ts';
import type { Bot } from './bot.ts';
import type { Logger } from './logger.ts';
import type { ReindexOutcome } from './reindexing.ts';
import { reindexHere } from './reindexing.ts';

/** The shard that runs the feed rounds and /reindex: the one process that writes the index. */
export const WRITER_SHARD = 0;
/**
 * How long the manager waits for a shard to connect before spawning the next. Shard 0 builds or
 * updates the index before it connects (a first build of a large archive takes an hour), and the
 * next shard must start only then, to read the index it wrote.
 */
const SHARD_READY_TIMEOUT_MS = 3 * 3_600_000;

/** What one shard asks of another over the ShardingManager's IPC (broadcastEval). */
interface ShardRequests {
  reindex(): Promise<ReindexOutcome>;
  reload(): Promise<void>;
}

// Run inside each shard by broadcastEval, which sends them as source text: they may use only their
// argument and globals.
const loadNewIndex = (c: Client) => (Reflect.get(c, Symbol.for('isnad.shardRequests')) as ShardRequests).reload();
const reindexOnWriter = (c: Client) => (Reflect.get(c, Symbol.for('isnad.shardRequests')) as ShardRequests).reindex();

const gatewayBot = z.object({ shards: z.int().check(z.minimum(1)) });

/** The shard count Discord recommends for this bot (GET /gateway/bot at DISCORD_API_BASE). */
export async function recommendedShardCount(config: Config, token: string): Promise<number> {
  const rest = new REST({ api: config.discord.apiBase }).setToken(token);
  return gatewayBot.parse(await rest.get(Routes.gatewayBot())).shards;
}

/** Runs the shard processes (this same script, once per shard) until SIGINT/SIGTERM, then stops them. */
export async function runShardingManager(shardCount: number, token: string, logger: Logger): Promise<void> {
  const manager = new ShardingManager(process.argv[1]!, { totalShards: shardCount, token, mode: 'process', respawn: true });
  manager.on('shardCreate', (shard) => {
    logger.info({ shard: shard.id, shards: shardCount }, 'shard process started');
    shard.on('death', () => logger.warn({ shard: shard.id }, 'shard process exited'));
    // A shard that cannot be restarted is logged; unhandled, the event would end the manager and every shard.
    shard.on('error', (error) => logger.error({ err: error, shard: shard.id }, 'shard process failed'));
  });
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason: signal }, 'stopping the shard processes');
    manager.respawn = false;
    await Promise.all(
      manager.shards.map(
        (shard) =>
          new Promise<void>((resolve) => {
            const child = shard.process;
            if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            shard.kill();
          }),
      ),
    );
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  logger.info({ shards: shardCount }, 'starting the shard processes');
  await manager.spawn({ amount: shardCount, timeout: SHARD_READY_TIMEOUT_MS });
  logger.info({ shards: shardCount }, 'every shard connected');
  // Shard 0 restarted (after a crash) has brought the index up to date as it started: the others load it.
  manager.shards.get(WRITER_SHARD)?.on('ready', () => {
    manager
      .broadcastEval(loadNewIndex)
      .catch((error: unknown) => logger.warn({ err: error }, 'could not tell every shard to load the index'));
  });
}

/**
 * In a shard process: answers the other shards' requests, and shares the index. Shard 0 runs
 * /reindex for all and, after each index it writes, has the others load it; the others forward
 * /reindex to it and only ever read the index.
 */
export function shareIndexAcrossShards(bot: Bot, shard: { id: number; count: number }, config: Config, logger: Logger): void {
  const { client, context } = bot;
  const util = client.shard;
  if (!util) throw new Error('a shard process without the ShardingManager (SHARDING_MANAGER set by hand?)');
  const requests: ShardRequests = {
    reindex: () => reindexHere(context),
    async reload() {
      if (shard.id === WRITER_SHARD) return;
      const next = await Engine.open(config, { readOnly: true, log: (line) => logger.info({ engine: line }, 'engine') });
      context.swapEngine(next);
    },
  };
  Reflect.set(client, Symbol.for('isnad.shardRequests'), requests);
  if (shard.id === WRITER_SHARD) {
    context.indexCommitted = async () => {
      try {
        // Awaited: when /reindex replies, every shard answers from the new index.
        await util.broadcastEval(loadNewIndex);
      } catch (error) {
        // A shard being (re)started loads the newest index as it starts.
        logger.warn({ err: error }, 'could not tell every shard to load the new index');
      }
    };
  } else {
    context.reindex = async () => {
      try {
        return await util.broadcastEval(reindexOnWriter, { shard: WRITER_SHARD });
      } catch (error) {
        logger.error({ err: error, writer: WRITER_SHARD }, 'could not ask the writing shard to reindex');
        return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
      }
    };
  }
}
