import { Client, Events, GatewayIntentBits, MessageFlags, Partials, RESTEvents, type Interaction } from 'discord.js';
import type { Config } from '../config.ts';
import type { Engine } from '../engine/index.ts';
import { AnswerMemory } from './answer-memory.ts';
import { handleButton } from './buttons.ts';
import { findCommand } from './commands/list.ts';
import { Semaphore } from '../concurrency.ts';
import type { BotContext } from './context.ts';
import { FeedbackLog } from './feedback.ts';
import { formatNotice, NO_PINGS } from './format.ts';
import { chooseLanguage, textsFor, type Language } from './language.ts';
import type { Logger } from './logger.ts';
import { LruMap } from './lru.ts';
import { handleMention } from './mentions.ts';
import { RateLimiter } from './rate-limit.ts';
import { reindexHere } from './reindexing.ts';
import { replyNotice } from './reply-flow.ts';
import { createUserHasher } from './user-hash.ts';

export interface BotOptions {
  config: Config;
  engine: Engine;
  logger: Logger;
}

export interface Bot {
  client: Client;
  context: BotContext;
  /** Logs in (REST and gateway at config.discord.apiBase) and resolves once ready. */
  start(): Promise<void>;
  /** Stops taking questions, lets those in flight finish, then disconnects (once, however often called). */
  stop(): Promise<void>;
  swapEngine(engine: Engine): void;
}

const THREADS_REMEMBERED = 1000;
/** How long stop() waits for questions in flight before disconnecting anyway. */
const DRAIN_TIMEOUT_MS = 10_000;

export function createBot({ config, engine, logger }: BotOptions): Bot {
  let closing = false;
  let stopping: Promise<void> | undefined;
  const inFlight = new Set<Promise<void>>();
  const shutdown = new AbortController();
  const context = createContext(config, logger, engine, shutdown.signal);
  const client = createClient(config);

  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  client.on(Events.InteractionCreate, (interaction) => track(routeInteraction(interaction, context, () => closing)));
  client.on(Events.MessageCreate, (message) => {
    if (closing) return;
    track(handleMention(message, context).catch((error: unknown) => logger.error({ err: error }, 'mention handler failed')));
  });
  logConnection(client, logger, () => closing);

  return {
    client,
    context,
    async start() {
      if (!config.discord.token) throw new Error('DISCORD_TOKEN is not set');
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(config.discord.token);
      await ready;
      const articles = context.engine().articleCount;
      logger.info({ bot: client.user?.tag, guilds: client.guilds.cache.size, articles }, 'connected to Discord');
    },
    stop() {
      stopping ??= (async () => {
        closing = true;
        shutdown.abort();
        await drain(inFlight, logger);
        await client.destroy();
        logger.info('disconnected from Discord');
      })();
      return stopping;
    },
    swapEngine: context.swapEngine,
  };
}

/** What every handler shares: the engine in use (swapped by /reindex), limits, memories, logs. */
function createContext(config: Config, logger: Logger, engine: Engine, stopping: AbortSignal): BotContext {
  let current = engine;
  const context: BotContext = {
    config,
    logger,
    engine: () => current,
    swapEngine: (next) => {
      current = next;
      logger.info({ articles: next.articleCount }, 'engine swapped');
    },
    reindexing: false,
    reindex: () => reindexHere(context),
    stopping,
    rateLimiter: new RateLimiter(config.discord.rateLimitPerMinute),
    engineSlots: new Semaphore(config.discord.maxConcurrentQuestions),
    answers: new AnswerMemory(),
    threadQuestions: new LruMap(THREADS_REMEMBERED),
    feedback: new FeedbackLog(config.dataDir),
    hashUser: createUserHasher(config.dataDir),
  };
  return context;
}

function createClient(config: Config): Client {
  return new Client({
    // No MessageContent: Discord sends the content of messages that mention the bot anyway.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    partials: [Partials.Channel],
    rest: { api: config.discord.apiBase },
    allowedMentions: NO_PINGS,
    // Given, so discord.js does not read its own SHARDS variable, which is our SHARDS=auto|N outside a shard process.
    shards: [config.shard?.id ?? 0],
    shardCount: config.shard?.count ?? 1,
  });
}

/** The client's errors, its gateway connection's ups and downs and Discord's global rate limit, as log lines. */
function logConnection(client: Client, logger: Logger, closing: () => boolean): void {
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ discord: message }, 'discord warning'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ code: event.code, shard }, 'gateway disconnected'));
  client.on(Events.ShardReconnecting, (shard) => {
    if (!closing()) logger.info({ shard }, 'gateway reconnecting');
  });
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway resumed'));
  // discord.js reports its routine per-route pacing here too (hundreds of lines under load): only
  // the global limit, which stops every request, is worth a warning.
  client.rest.on(RESTEvents.RateLimited, (info) => {
    const details = { method: info.method, retryAfterMs: info.retryAfter, global: info.global, scope: info.scope };
    if (info.global) logger.warn(details, 'rate limited by Discord (global)');
    else logger.debug(details, 'waiting for a rate-limit window');
  });
}

/** Waits for the questions in flight to finish, DRAIN_TIMEOUT_MS at most. */
async function drain(inFlight: Set<Promise<void>>, logger: Logger): Promise<void> {
  const pending = [...inFlight];
  if (pending.length > 0) logger.info({ inFlight: pending.length }, 'finishing questions in flight');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), DRAIN_TIMEOUT_MS)));
  const outcome = await Promise.race([Promise.allSettled(pending).then(() => 'drained' as const), timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') logger.warn({ inFlight: inFlight.size }, 'gave up waiting for questions in flight');
}

/** The configured language, or with `auto` the language of the command's text (question, topic). */
function interactionLanguage(interaction: Interaction, ctx: BotContext): Language {
  const typed = interaction.isChatInputCommand() ? interaction.options.data.find((o) => typeof o.value === 'string')?.value : undefined;
  return chooseLanguage(ctx.config.discord.language, typeof typed === 'string' ? typed : undefined);
}

/** Sends each interaction to its handler; whatever fails is logged and the user gets an apology. */
async function routeInteraction(interaction: Interaction, ctx: BotContext, closing: () => boolean): Promise<void> {
  const language = interactionLanguage(interaction, ctx);
  try {
    if (closing()) {
      if (interaction.isRepliable())
        await interaction.reply({ ...formatNotice(textsFor(language).shuttingDown), flags: MessageFlags.Ephemeral });
      return;
    }
    if (interaction.isAutocomplete()) {
      const command = findCommand(interaction.commandName);
      if (command?.autocomplete) await command.autocomplete(interaction, ctx);
      else await interaction.respond([]);
      return;
    }
    if (interaction.isChatInputCommand()) {
      const command = findCommand(interaction.commandName);
      if (command) await command.execute(interaction, ctx);
      else await replyNotice(interaction, textsFor(language).unknownCommand);
      return;
    }
    if (interaction.isButton()) await handleButton(interaction, ctx);
  } catch (error) {
    ctx.logger.error(
      { err: error, interaction: interaction.type, command: interaction.isCommand() ? interaction.commandName : undefined },
      'interaction handler failed',
    );
    await apologise(interaction, ctx);
  }
}

async function apologise(interaction: Interaction, ctx: BotContext): Promise<void> {
  const apology = formatNotice(textsFor(interactionLanguage(interaction, ctx)).apology);
  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
    } else if (interaction.isRepliable()) {
      if (interaction.deferred || interaction.replied) await interaction.followUp({ ...apology, flags: MessageFlags.Ephemeral });
      else await interaction.reply({ ...apology, flags: MessageFlags.Ephemeral });
    }
  } catch (error) {
    ctx.logger.warn({ err: error }, 'could not send the apology');
  }
}
