import { config as loadDotenv } from 'dotenv';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { parseNetwork } from './networks.ts';
import * as z from './zod.ts';

const booleanFlag = z.pipe(
  z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' }),
  z.transform((v) => v === 'true' || v === '1' || v === 'yes'),
);
/** A whole number written in decimal digits (no 0x10, 1e1 or 4.0) within [min, max]; the message names the range. */
const wholeNumber = (min: number, max: number) =>
  z.pipe(
    z.string(),
    z.transform((raw, ctx) => {
      const text = raw.trim();
      const n = Number(text);
      if (!/^[+-]?\d+$/.test(text) || n < min || n > max) {
        ctx.issues.push({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got ${raw}`, input: raw });
        return z.NEVER;
      }
      return n;
    }),
  );
const share = z.pipe(
  z.string(),
  z.transform((raw, ctx) => {
    const text = raw.trim();
    const n = Number(text);
    if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text) || n > 1) {
      ctx.issues.push({ code: 'custom', message: `must be a number from 0 to 1, got ${raw}`, input: raw });
      return z.NEVER;
    }
    return n;
  }),
);
const idList = z.pipe(
  z.pipe(
    z.string(),
    z.transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ),
  z.array(z.string().check(z.regex(/^\d{5,25}$/, 'must be a comma-separated list of Discord ids'))),
);
const nonEmpty = z.string().check(z.minLength(1));
const networkList = z.pipe(
  z.string(),
  z.transform((raw, ctx) => {
    const networks = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = networks.find((n) => !parseNetwork(n));
    if (bad !== undefined) {
      ctx.issues.push({
        code: 'custom',
        message: `must be networks such as 10.0.0.0/8,127.0.0.1 separated by commas, not ${bad}`,
        input: raw,
      });
      return z.NEVER;
    }
    return networks;
  }),
);

/** SHARDS: `auto` (the count Discord recommends) or how many shard processes to run. */
const shardCount = z.pipe(
  z.string(),
  z.transform((raw, ctx): number | 'auto' => {
    const text = raw.trim();
    if (text === 'auto') return 'auto';
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 1 || n > 65_535) {
      ctx.issues.push({ code: 'custom', message: `must be auto or a whole number of shards from 1 to 65535, got ${raw}`, input: raw });
      return z.NEVER;
    }
    return n;
  }),
);

const schema = z.object({
  CORPUS_DIR: z._default(nonEmpty, 'corpus'),
  INDEX_DIR: z._default(nonEmpty, 'embeddings'),
  DATA_DIR: z._default(nonEmpty, 'data'),
  EMBEDDER: z._default(z.enum(['auto', 'transformers', 'builtin']), 'auto'),
  EMBEDDING_MODEL: z._default(nonEmpty, 'Xenova/multilingual-e5-small'),
  ALLOW_REMOTE_MODELS: z._default(booleanFlag, true),
  MODEL_DOWNLOAD_TIMEOUT_MS: z._default(wholeNumber(100, 3_600_000), 8000),
  BUILTIN_DIMS: z._default(wholeNumber(16, 4096), 256),
  CHUNK_MAX_CHARS: z._default(wholeNumber(100, 4000), 1200),
  CHUNK_OVERLAP_SENTENCES: z._default(wholeNumber(0, 5), 1),
  // Unset: retrieval's own default (DEFAULT_SEARCH in src/retrieval/hybrid.ts).
  LEXICAL_WEIGHT: z.optional(share),
  HNSW_M: z._default(wholeNumber(4, 96), 16),
  HNSW_EF_CONSTRUCTION: z._default(wholeNumber(10, 2000), 200),
  HNSW_EF_SEARCH: z._default(wholeNumber(10, 2000), 400),
  INDEX_MAX_REMOVED_SHARE: z._default(share, 0.5),
  DISCORD_TOKEN: z.optional(z.string()),
  DISCORD_APP_ID: z.optional(z.string().check(z.regex(/^\d{5,25}$/, 'must be the application id (digits)'))),
  DISCORD_GUILD_ID: z.optional(z.string().check(z.regex(/^\d{5,25}$/, 'must be a server id (digits)'))),
  DISCORD_API_BASE: z._default(z.url({ message: 'must be a URL such as https://discord.com/api' }), 'https://discord.com/api'),
  ALLOWED_CHANNEL_IDS: z._default(idList, []),
  RATE_LIMIT_PER_MINUTE: z._default(wholeNumber(1, 10_000), 6),
  MAX_CONCURRENT_QUESTIONS: z._default(wholeNumber(1, 1000), 4),
  BOT_LANGUAGE: z._default(z.enum(['auto', 'ar', 'en'], { message: 'must be auto, ar or en' }), 'auto'),
  FEED_INTERVAL_MINUTES: z._default(wholeNumber(0, 24 * 60), 30),
  FEED_CONTACT: z.optional(z.string().check(z.maxLength(200))),
  FETCH_ALLOW_NETWORKS: z._default(networkList, []),
  SHARDS: z._default(shardCount, 1),
  // Set by discord.js's ShardingManager in each shard process it spawns (SHARDS is then the shard's id).
  SHARD_ID: z.optional(wholeNumber(0, 65_534)),
  SHARD_COUNT: z.optional(wholeNumber(1, 65_535)),
  LOG_LEVEL: z._default(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
});

type RawConfig = z.infer<typeof schema>;

export interface Config {
  corpusDir: string;
  /** The index (INDEX_DIR, --index-dir): the folder embeddings/ by default. */
  indexDir: string;
  modelsDir: string;
  dataDir: string;
  embedder: RawConfig['EMBEDDER'];
  embeddingModel: string;
  allowRemoteModels: boolean;
  modelDownloadTimeoutMs: number;
  builtinDims: number;
  chunkMaxChars: number;
  chunkOverlapSentences: number;
  lexicalWeight: number | undefined;
  hnsw: { m: number; efConstruction: number; efSearch: number };
  /** Share of the indexed articles an update may drop without --force. */
  indexMaxRemovedShare: number;
  discord: {
    token: string | undefined;
    appId: string | undefined;
    guildId: string | undefined;
    apiBase: string;
    allowedChannelIds: string[];
    rateLimitPerMinute: number;
    maxConcurrentQuestions: number;
    /** The bot's interface language; auto: the language of the user's text, else Arabic. */
    language: RawConfig['BOT_LANGUAGE'];
  };
  logLevel: RawConfig['LOG_LEVEL'];
  /** SHARDS: 1 = one process, as without sharding; more (or auto) = a ShardingManager and that many shard processes. */
  shards: number | 'auto';
  /** In a shard process the ShardingManager spawned: which shard this is, of how many. */
  shard: { id: number; count: number } | undefined;
  /** How often the bot runs `isnad update` over the followed feeds; 0 = never. */
  feedIntervalMinutes: number;
  /** A URL or e-mail address put in the User-Agent of every fetch, so a site's owner can reach the operator. */
  feedContact: string | undefined;
  /** Networks with internal addresses (loopback, private, link-local) that fetches may reach; by default none. */
  fetchAllowNetworks: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const warned = new Set<string>();

/** A deprecation line on stderr, once per process. */
function warnOnce(line: string): void {
  if (warned.has(line)) return;
  warned.add(line);
  process.stderr.write(`isnad: ${line}\n`);
}

/** Reads settings from `env` (by default .env merged under the process environment) and validates them once. */
export function loadConfig(env: Record<string, string | undefined> = readEnvironment(), root = process.cwd()): Config {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  if (blankAsUnset.EMBEDDINGS_DIR !== undefined) {
    warnOnce('EMBEDDINGS_DIR is now called INDEX_DIR; the old name still works for now');
    blankAsUnset.INDEX_DIR ??= blankAsUnset.EMBEDDINGS_DIR;
    delete blankAsUnset.EMBEDDINGS_DIR;
  }
  // discord.js's ShardingManager starts each shard with SHARDING_MANAGER=true, SHARDS=<its id>, SHARD_COUNT.
  if (blankAsUnset.SHARDING_MANAGER === 'true') {
    blankAsUnset.SHARD_ID = blankAsUnset.SHARDS;
    delete blankAsUnset.SHARDS;
  }
  const parsed = schema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`invalid setting in .env or the environment — ${problems.join('; ')}`);
  }
  const c = parsed.data;
  const indexDir = path.resolve(root, c.INDEX_DIR);
  return {
    corpusDir: path.resolve(root, c.CORPUS_DIR),
    indexDir,
    modelsDir: path.join(indexDir, 'models'),
    dataDir: path.resolve(root, c.DATA_DIR),
    embedder: c.EMBEDDER,
    embeddingModel: c.EMBEDDING_MODEL,
    allowRemoteModels: c.ALLOW_REMOTE_MODELS,
    modelDownloadTimeoutMs: c.MODEL_DOWNLOAD_TIMEOUT_MS,
    builtinDims: c.BUILTIN_DIMS,
    chunkMaxChars: c.CHUNK_MAX_CHARS,
    chunkOverlapSentences: c.CHUNK_OVERLAP_SENTENCES,
    lexicalWeight: c.LEXICAL_WEIGHT,
    hnsw: { m: c.HNSW_M, efConstruction: c.HNSW_EF_CONSTRUCTION, efSearch: c.HNSW_EF_SEARCH },
    indexMaxRemovedShare: c.INDEX_MAX_REMOVED_SHARE,
    discord: {
      token: c.DISCORD_TOKEN,
      appId: c.DISCORD_APP_ID,
      guildId: c.DISCORD_GUILD_ID,
      apiBase: c.DISCORD_API_BASE.replace(/\/+$/, ''),
      allowedChannelIds: c.ALLOWED_CHANNEL_IDS,
      rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
      maxConcurrentQuestions: c.MAX_CONCURRENT_QUESTIONS,
      language: c.BOT_LANGUAGE,
    },
    logLevel: c.LOG_LEVEL,
    shards: c.SHARD_COUNT ?? c.SHARDS,
    shard: c.SHARD_ID !== undefined && c.SHARD_COUNT !== undefined ? { id: c.SHARD_ID, count: c.SHARD_COUNT } : undefined,
    feedIntervalMinutes: c.FEED_INTERVAL_MINUTES,
    feedContact: c.FEED_CONTACT,
    fetchAllowNetworks: c.FETCH_ALLOW_NETWORKS,
  };
}

/** The process environment over the variables of .env (the environment wins, as dotenv does). */
export function readEnvironment(): Record<string, string | undefined> {
  const fromFile: Record<string, string> = {};
  loadDotenv({ processEnv: fromFile, quiet: true });
  return { ...fromFile, ...process.env };
}

/**
 * Why a folder cannot be written to (or created), in words, or undefined when it can: "read-only"
 * rather than the ENOENT Node reports for a recursive mkdir on a read-only mount.
 */
export function folderWriteProblem(dir: string): string | undefined {
  let existing = path.resolve(dir);
  for (;;) {
    try {
      if (!statSync(existing).isDirectory()) return `${existing} is not a folder`;
      break;
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return undefined;
      existing = parent;
    }
  }
  try {
    accessSync(existing, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EROFS') return `${existing} is on a read-only file system`;
    if (code === 'EACCES' || code === 'EPERM') return `${existing} is read-only for this user (${code})`;
    return `${existing} cannot be written (${code})`;
  }
}
