import { config as loadDotenv } from 'dotenv';
import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const positiveInt = (min = 1) => z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(min);
const idList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^\d{5,25}$/, 'must be a comma-separated list of Discord ids')));

const schema = z.object({
  CORPUS_DIR: z.string().min(1).default('corpus'),
  EMBEDDINGS_DIR: z.string().min(1).default('embeddings'),
  DATA_DIR: z.string().min(1).default('data'),
  EMBEDDER: z.enum(['auto', 'transformers', 'builtin']).default('auto'),
  EMBEDDING_MODEL: z.string().min(1).default('Xenova/multilingual-e5-small'),
  ALLOW_REMOTE_MODELS: booleanFlag.default(true),
  MODEL_DOWNLOAD_TIMEOUT_MS: positiveInt(100).default(8000),
  BUILTIN_DIMS: positiveInt(16).max(4096).default(256),
  CHUNK_MAX_CHARS: positiveInt(100).max(4000).default(1200),
  CHUNK_OVERLAP_SENTENCES: positiveInt(0).max(5).default(1),
  LEXICAL_WEIGHT: z.coerce.number({ message: 'must be a number' }).min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').default(0.85),
  HNSW_M: positiveInt(4).max(96).default(16),
  HNSW_EF_CONSTRUCTION: positiveInt(10).max(2000).default(200),
  HNSW_EF_SEARCH: positiveInt(10).max(2000).default(400),
  DISCORD_TOKEN: z.string().optional(),
  DISCORD_APP_ID: z.string().regex(/^\d{5,25}$/, 'must be the application id (digits)').optional(),
  DISCORD_GUILD_ID: z.string().regex(/^\d{5,25}$/, 'must be a server id (digits)').optional(),
  DISCORD_API_BASE: z.url({ message: 'must be a URL such as https://discord.com/api' }).default('https://discord.com/api'),
  ALLOWED_CHANNEL_IDS: idList.default([]),
  RATE_LIMIT_PER_MINUTE: positiveInt(1).default(6),
  MAX_CONCURRENT_QUESTIONS: positiveInt(1).default(4),
  BOT_LANGUAGE: z.enum(['auto', 'ar', 'en'], { message: 'must be auto, ar or en' }).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

type RawConfig = z.infer<typeof schema>;

export interface Config {
  corpusDir: string;
  embeddingsDir: string;
  modelsDir: string;
  dataDir: string;
  embedder: RawConfig['EMBEDDER'];
  embeddingModel: string;
  allowRemoteModels: boolean;
  modelDownloadTimeoutMs: number;
  builtinDims: number;
  chunkMaxChars: number;
  chunkOverlapSentences: number;
  lexicalWeight: number;
  hnsw: { m: number; efConstruction: number; efSearch: number };
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
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads settings from `env` (by default .env merged under the process environment) and validates them once. */
export function loadConfig(env: Record<string, string | undefined> = readEnvironment(), root = process.cwd()): Config {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = schema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid setting in .env or the environment — ${problems.join('; ')}`);
  }
  const c = parsed.data;
  const embeddingsDir = path.resolve(root, c.EMBEDDINGS_DIR);
  return {
    corpusDir: path.resolve(root, c.CORPUS_DIR),
    embeddingsDir,
    modelsDir: path.join(embeddingsDir, 'models'),
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
  };
}

/** The process environment over the variables of .env (the environment wins, as dotenv does). */
export function readEnvironment(): Record<string, string | undefined> {
  const fromFile: Record<string, string> = {};
  loadDotenv({ processEnv: fromFile, quiet: true });
  return { ...fromFile, ...process.env };
}
