import { configuredHttpClient, updateFollowedFeeds, type HttpClient } from '../ingestion/index.ts';
import type { BotContext } from './context.ts';

type FeedContext = Pick<BotContext, 'config' | 'logger' | 'engine' | 'swapEngine' | 'reindexing' | 'indexCommitted'>;

/**
 * Runs `isnad update` every FEED_INTERVAL_MINUTES (first a minute after start) while the bot answers:
 * fetching is asynchronous and the index is rebuilt on the engine's worker thread, then swapped in.
 * A round still running when the next is due makes that one skip. Returns a stop function.
 */
export function startFeedUpdates(ctx: FeedContext): () => void {
  const minutes = ctx.config.feedIntervalMinutes;
  if (minutes === 0) return () => {};
  let running = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      await updateFeedsOnce(ctx);
    } catch (error) {
      ctx.logger.error({ err: error }, 'feed update failed');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void round(), Math.min(60_000, minutes * 60_000));
  const every = setInterval(() => void round(), minutes * 60_000);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}

/** One round: every followed feed fetched, new articles added, the index updated and swapped in. */
export async function updateFeedsOnce(ctx: FeedContext, http: HttpClient = configuredHttpClient(ctx.config)): Promise<number> {
  const outcomes = await updateFollowedFeeds(ctx.config.corpusDir, http);
  let added = 0;
  let postponed = 0;
  for (const o of outcomes) {
    if (o.error) ctx.logger.warn({ feed: o.url, problem: o.error }, 'feed could not be read');
    for (const problem of o.report.problems) ctx.logger.warn({ feed: o.url, problem }, 'feed item could not be added');
    added += o.report.added.length;
    postponed += o.report.postponed;
  }
  // Items left when the round's time was up are fetched at the next round.
  if (outcomes.length) ctx.logger.info({ feeds: outcomes.length, added, postponed }, 'feeds updated');
  // While a /reindex runs it reads the folder itself, so the new files are not lost.
  if (added === 0 || ctx.reindexing) return added;
  ctx.reindexing = true;
  try {
    const next = await ctx.engine().reindex({ log: (line) => ctx.logger.info({ reindex: line }, 'reindex') });
    ctx.swapEngine(next);
    if (!next.report.stale && !next.report.upToDate) await ctx.indexCommitted?.();
  } finally {
    ctx.reindexing = false;
  }
  return added;
}
