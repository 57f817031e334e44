import { IndexUpdateStopped } from '../store/index.ts';
import type { BotContext } from './context.ts';

/** What a /reindex came to: plain data, so a shard can ask the writing shard for it over IPC. */
export type ReindexOutcome =
  | { status: 'reindexed'; articles: number; chunks: number }
  | { status: 'stale'; why: string }
  | { status: 'busy' }
  | { status: 'stopped' }
  | { status: 'failed'; error: string };

type ReindexContext = Pick<BotContext, 'config' | 'logger' | 'engine' | 'swapEngine' | 'reindexing' | 'stopping' | 'indexCommitted'>;

/** Brings the index up to date in this process (the current engine answering meanwhile) and swaps it in. */
export async function reindexHere(ctx: ReindexContext): Promise<ReindexOutcome> {
  if (ctx.reindexing) return { status: 'busy' };
  ctx.reindexing = true;
  try {
    const next = await ctx.engine().reindex({ log: (line) => ctx.logger.info({ reindex: line }, 'reindex'), signal: ctx.stopping });
    ctx.swapEngine(next);
    if (next.report.stale) return { status: 'stale', why: next.report.stale };
    if (!next.report.upToDate) await ctx.indexCommitted?.();
    return { status: 'reindexed', articles: next.report.articles, chunks: next.report.chunks };
  } catch (error) {
    if (error instanceof IndexUpdateStopped) return { status: 'stopped' };
    ctx.logger.error({ err: error }, 'reindex failed');
    return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
  } finally {
    ctx.reindexing = false;
  }
}
