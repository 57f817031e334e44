import type { Config } from '../config.ts';
import type { Engine } from '../engine/index.ts';
import type { AnswerMemory } from './answer-memory.ts';
import type { Semaphore } from '../concurrency.ts';
import type { FeedbackLog } from './feedback.ts';
import type { Logger } from './logger.ts';
import type { LruMap } from './lru.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { ReindexOutcome } from './reindexing.ts';

/** What every handler needs: the current engine and the bot's shared state. */
export interface BotContext {
  config: Config;
  logger: Logger;
  /** The engine serving now; read it once per question so a reindex never switches mid-answer. */
  engine(): Engine;
  swapEngine(engine: Engine): void;
  /** True while /reindex builds the next engine. */
  reindexing: boolean;
  /** What /reindex runs: reindexHere, or with shards a request to the shard that writes the index. */
  reindex(): Promise<ReindexOutcome>;
  /** Set on the shard that writes the index: after it swapped in an index it wrote, the other shards load it. */
  indexCommitted?: () => Promise<void>;
  /** Aborted when the bot begins to shut down: long work (a reindex) stops and replies. */
  stopping: AbortSignal;
  rateLimiter: RateLimiter;
  /** Bounds concurrent engine work (config.discord.maxConcurrentQuestions). */
  engineSlots: Semaphore;
  answers: AnswerMemory;
  /** Last question asked in each thread, for follow-ups. */
  threadQuestions: LruMap<string, string>;
  feedback: FeedbackLog;
  hashUser(userId: string): string;
}
