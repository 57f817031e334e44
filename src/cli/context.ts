import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, readEnvironment, type Config } from '../config.ts';
import { openEngine as openEngineLazily, type Engine, type EngineOptions } from '../engine/index.ts';
import { FilterError, parseArticleFilter, type ArticleFilter } from '../retrieval/index.ts';
import { UsageError, type Output } from './command.ts';
import { progressBar } from './progress.ts';

export { UsageError, type CliCommand, type Output } from './command.ts';

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  corpus: { type: 'string' },
  'index-dir': { type: 'string' },
  embedder: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

type CommonValues = { corpus?: string; 'index-dir'?: string; embedder?: string };

/** Settings from .env and the environment, with command-line options on top. */
export function configFrom(values: CommonValues): Config {
  const overrides: Record<string, string> = {};
  if (values.corpus) overrides.CORPUS_DIR = values.corpus;
  if (values['index-dir']) overrides.INDEX_DIR = values['index-dir'];
  if (values.embedder) overrides.EMBEDDER = values.embedder;
  return loadConfig({ ...readEnvironment(), ...overrides });
}

/** Opens the engine, building or updating the index first, with a progress bar on a terminal. */
export async function openEngine(
  config: Config,
  io: Output,
  options: Pick<EngineOptions, 'rebuild' | 'force' | 'whenLocked'> = {},
): Promise<Engine> {
  const bar = progressBar();
  try {
    return await openEngineLazily(config, { log: io.err, onProgress: bar.update, ...options });
  } finally {
    bar.done();
  }
}

export function parseCommand<O extends ParseArgsConfig['options']>(argv: string[], options: O) {
  return parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
}

export function parseCount(raw: string | undefined, name: string, fallback: number, max = 100): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}, not "${raw}"`);
  return n;
}

export function requireText(positionals: string[], what: string, example: string): string {
  const text = positionals.join(' ').trim();
  if (!text) throw new UsageError(`${what} is missing, e.g. ${example}`);
  return text;
}

/** --since, --until, --outlet: which articles a command draws on. */
export const FILTER_OPTIONS = {
  since: { type: 'string' },
  until: { type: 'string' },
  outlet: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export function parseFilter(values: { since?: string; until?: string; outlet?: string }): ArticleFilter {
  try {
    return parseArticleFilter(values);
  } catch (error) {
    if (error instanceof FilterError) throw new UsageError(`--${error.message}`);
    throw error;
  }
}
