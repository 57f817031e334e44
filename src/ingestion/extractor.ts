import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { Semaphore } from '../concurrency.ts';
import { startWorker } from '../worker-thread.ts';
import { ExtractError, type ExtractedArticle } from './extract.ts';

export interface ExtractRequest {
  bytes: Uint8Array;
  contentType: string;
  pageUrl?: string;
}

export type ExtractReply = { article: ExtractedArticle } | { error: string; extract: boolean };

export interface ExtractBudget {
  /** Pages extracted at once, each on its own worker thread. */
  workers: number;
  /** A page not extracted within this is given up (its worker stopped) and reported. */
  timeoutMs: number;
  /** Heap of each worker: a page whose document needs more is given up and reported. */
  memoryMb: number;
}

/**
 * One worker per core beyond the one that answers (at most two): on two cores, one, which also
 * keeps the peak memory of a round near one document's (a 3 MB page's document takes ~200 MB).
 */
export const DEFAULT_EXTRACT_BUDGET: ExtractBudget = {
  workers: Math.max(1, Math.min(2, availableParallelism() - 1)),
  timeoutMs: 10_000,
  memoryMb: 256,
};

/**
 * Extracts articles from pages on worker threads, so a hostile page (100,000 nested elements, a
 * document that fills memory) costs its own budget of time and memory and never stops the thread
 * that answers Discord. Idle workers do not keep the process alive.
 */
export class Extractor {
  private readonly slots: Semaphore;
  private readonly idle: Worker[] = [];

  constructor(readonly budget: ExtractBudget = DEFAULT_EXTRACT_BUDGET) {
    this.slots = new Semaphore(budget.workers);
  }

  /** The page's article; throws ExtractError when it has none or exceeds the budget. */
  extract(bytes: Uint8Array, contentType = '', pageUrl?: string): Promise<ExtractedArticle> {
    return this.slots.run(() => this.runOn(this.idle.pop() ?? this.start(), { bytes, contentType, pageUrl }));
  }

  /** Stops the idle workers (a busy one stops after its page). */
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }

  private start(): Worker {
    const worker = startWorker(import.meta.url, 'extract-worker', {
      resourceLimits: { maxOldGenerationSizeMb: this.budget.memoryMb, maxYoungGenerationSizeMb: 32 },
    });
    worker.unref();
    return worker;
  }

  private runOn(worker: Worker, request: ExtractRequest): Promise<ExtractedArticle> {
    const where = request.pageUrl ? `${request.pageUrl}: ` : '';
    return new Promise((resolve, reject) => {
      const settle = (outcome: () => void, keep: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (keep) {
          worker.unref();
          this.idle.push(worker);
        } else void worker.terminate();
        outcome();
      };
      const onMessage = (reply: ExtractReply) =>
        settle(() => {
          if ('article' in reply) resolve(reply.article);
          else reject(reply.extract ? new ExtractError(reply.error) : new Error(reply.error));
        }, true);
      const onError = (error: Error) =>
        settle(() => {
          const memory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
          reject(
            new ExtractError(
              `${where}${memory ? `the page needs more than ${this.budget.memoryMb} MB to extract; skipped` : `extraction failed (${error.message})`}`,
            ),
          );
        }, false);
      const onExit = () => settle(() => reject(new ExtractError(`${where}extraction stopped unexpectedly`)), false);
      const timer = setTimeout(
        () =>
          settle(
            () =>
              reject(new ExtractError(`${where}not extracted within ${this.budget.timeoutMs / 1000} s (the page is too complex); skipped`)),
            false,
          ),
        this.budget.timeoutMs,
      );
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.ref();
      worker.postMessage(request);
    });
  }
}

let shared: Extractor | undefined;

/** The process's extractor: one pool, so the cap on pages extracted at once holds for every caller. */
export function sharedExtractor(): Extractor {
  shared ??= new Extractor();
  return shared;
}
