// npm start: the Discord bot, configured from .env and the environment.

import { ConfigError, folderWriteProblem, loadConfig, type Config } from '../config.ts';
import { Engine } from '../engine/index.ts';
import { createBot, type Bot } from './bot.ts';
import { startFeedUpdates } from './feed-updates.ts';
import { createLogger, type Logger } from './logger.ts';
import { missingSettingsMessage } from './setup-help.ts';
import { recommendedShardCount, runShardingManager, shareIndexAcrossShards, WRITER_SHARD } from './sharding.ts';

function readConfig(): Config | null {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`isnad: ${error.message}\n`);
      return null;
    }
    throw error;
  }
}

/** Logs indexing progress at most every 2 s per stage. */
function progressLogger(logger: Logger): (stage: string, done: number, total: number) => void {
  const lastLogged = new Map<string, number>();
  return (stage, done, total) => {
    const now = Date.now();
    if (done < total && now - (lastLogged.get(stage) ?? 0) < 2000) return;
    lastLogged.set(stage, now);
    logger.info({ stage, done, total }, 'indexing');
  };
}

async function main(): Promise<void> {
  const config = readConfig();
  if (!config) {
    process.exitCode = 1;
    return;
  }
  if (!config.discord.token) {
    process.stderr.write(missingSettingsMessage(['DISCORD_TOKEN'], 'start the bot'));
    process.exitCode = 1;
    return;
  }
  const shard = config.shard;
  const rootLogger = createLogger({ level: config.logLevel, secrets: [config.discord.token] });
  // A shard's every line says which shard it is (the shard processes share the manager's stdout).
  const logger = shard ? rootLogger.child({ shard: shard.id }) : rootLogger;
  // SHARDS above 1 (or auto, when Discord recommends more than one): this process only runs the shards.
  if (!shard && config.shards !== 1) {
    const shardCount = config.shards === 'auto' ? await recommendedShardCount(config, config.discord.token) : config.shards;
    if (shardCount > 1) {
      await runShardingManager(shardCount, config.discord.token, logger);
      return;
    }
  }
  const writesIndex = !shard || shard.id === WRITER_SHARD;
  let bot: Bot | null = null;
  let stopFeedUpdates = () => {};
  let stopping: Promise<void> | null = null;
  const shutdown = (reason: string, exitCode: number): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ reason }, 'shutting down');
      stopFeedUpdates();
      try {
        await bot?.stop();
      } catch (error) {
        logger.error({ err: error }, 'error while shutting down');
      }
      process.exit(exitCode);
    })();
    return stopping;
  };

  // One bad interaction must not take the bot down: discord.js turns a malformed gateway payload
  // into a rejected promise, which lands here and is only logged.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection (ignored)'));
  // A synchronous throw nobody caught means some library's state is now unknown (our handlers catch
  // their own errors), so keeping going is not safe: log it, finish what is in flight, exit 1 and
  // let the supervisor (systemd, Docker, pm2) restart a clean process.
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception; restarting is safer than going on');
    void shutdown('uncaught exception', 1);
  });
  process.once('SIGINT', () => void shutdown('SIGINT', 0));
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
  // A shard process whose ShardingManager is gone (killed, crashed) stops too, rather than answering on unmanaged.
  if (shard) process.once('disconnect', () => void shutdown('the shard manager exited', 0));

  logger.info({ corpus: config.corpusDir, embedder: config.embedder }, 'opening the engine');
  const engine = await Engine.open(config, {
    log: (line) => logger.info({ engine: line }, 'engine'),
    onProgress: progressLogger(logger),
    // The other shards read what shard 0 wrote; it started (and brought the index up to date) first.
    readOnly: !writesIndex,
  });
  logger.info({ articles: engine.articleCount, seconds: engine.report.seconds }, 'engine ready');
  try {
    bot = createBot({ config, engine, logger });
  } catch (error) {
    // The user-hash salt is written under DATA_DIR: say "read-only" where Node says ENOENT.
    const problem = folderWriteProblem(config.dataDir);
    throw problem ? new Error(`DATA_DIR ${config.dataDir} cannot be written: ${problem}`, { cause: error }) : error;
  }
  if (shard) shareIndexAcrossShards(bot, shard, config, logger);
  await bot.start();
  if (writesIndex) stopFeedUpdates = startFeedUpdates(bot.context);
}

main().catch((error: unknown) => {
  process.stderr.write(`isnad: the bot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
