/**
 * The transformers.js (ONNX Runtime, CPU) embedder: e5-style prefixes, mean pooling, unit-length vectors.
 *
 * Models are looked up first in `<modelsDir>/<model id>/` (config.json, tokenizer.json, tokenizer_config.json,
 * onnx/model_quantized.onnx or onnx/model.onnx). A model found there is loaded with the network off. A model
 * that is not there is fetched from the hub into the same folder only when `allowRemote` is set, and the
 * network is given up on within `remoteTimeoutMs`: offline, loading fails in seconds with a
 * `ModelUnavailableError` that says how to get the model.
 */
import { env, pipeline, type FeatureExtractionPipeline, type ProgressInfo } from '@huggingface/transformers';
import { Agent } from 'undici';
import type { Embedder } from './embedder.ts';
import {
  checkModelId,
  findLocalModel,
  modelEmbedderId,
  modelFolder,
  ModelUnavailableError,
  oneLine,
  ONNX_FILES,
  type ModelDtype,
} from './model-files.ts';

export { findLocalModel, ModelUnavailableError } from './model-files.ts';

const DEFAULT_REMOTE_HOST = 'https://huggingface.co/';
const DEFAULT_QUERY_PREFIX = 'query: ';
const DEFAULT_PASSAGE_PREFIX = 'passage: ';
const DEFAULT_REMOTE_TIMEOUT_MS = 8000;
const DEFAULT_BATCH_SIZE = 16;
export interface DownloadProgress {
  file: string;
  loaded: number;
  total: number;
}

export interface TransformersEmbedderOptions {
  /** Hub model id; the app uses 'Xenova/multilingual-e5-small' (384 dims). */
  model: string;
  /** Local folder looked up first: `<modelsDir>/<model id>/`. Downloads go there too. */
  modelsDir: string;
  /** May fetch from the hub (into modelsDir) when the model is not complete locally. */
  allowRemote: boolean;
  /** Gives up on the network when nothing has answered within this, or a download stalls this long (default 8000). */
  remoteTimeoutMs?: number;
  /** Texts per forward pass (default 16). */
  batchSize?: number;
  /** Defaults 'query: ' / 'passage: ' (e5); named in `id` when not the default. */
  queryPrefix?: string;
  passagePrefix?: string;
  onDownloadProgress?: (info: DownloadProgress) => void;
  /** Base URL of the hub (default https://huggingface.co/): a mirror, or a local server in tests. */
  remoteHost?: string;
}

export type DownloadModelOptions = Pick<
  TransformersEmbedderOptions,
  'model' | 'modelsDir' | 'remoteTimeoutMs' | 'onDownloadProgress' | 'remoteHost'
>;

export interface TransformersEmbedder extends Embedder {
  /** Which ONNX graph was loaded: 'q8' = onnx/model_quantized.onnx, 'fp32' = onnx/model.onnx. */
  readonly dtype: ModelDtype;
  /** Frees the ONNX Runtime session. The embedder must not be used afterwards. */
  dispose(): Promise<void>;
}

/** Loads the model (from modelsDir, else from the hub when allowed) and embeds with it. */
export async function loadTransformersEmbedder(opts: TransformersEmbedderOptions): Promise<TransformersEmbedder> {
  checkModelId(opts.model);
  const queryPrefix = opts.queryPrefix ?? DEFAULT_QUERY_PREFIX;
  const passagePrefix = opts.passagePrefix ?? DEFAULT_PASSAGE_PREFIX;
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);

  const local = await findLocalModel(opts.modelsDir, opts.model);
  let extractor: FeatureExtractionPipeline;
  let dtype: ModelDtype;
  if (local.dtype) {
    dtype = local.dtype;
    extractor = await loadLocal(opts.model, opts.modelsDir, dtype);
  } else if (!opts.allowRemote) {
    const reason = local.problem ? `${local.problem}; downloading is turned off` : 'downloading is turned off';
    throw new ModelUnavailableError(opts.model, opts.modelsDir, reason);
  } else {
    extractor = await loadRemote(opts);
    dtype = (await findLocalModel(opts.modelsDir, opts.model)).dtype ?? 'q8';
  }

  const embedBatch = async (texts: string[]): Promise<Float32Array[]> => {
    const output = await extractor(texts, { pooling: 'mean', normalize: true });
    const [rows, dims] = output.dims;
    if (output.dims.length !== 2 || rows !== texts.length || !dims) {
      throw new Error(`unexpected embedding shape [${output.dims.join(', ')}] for ${texts.length} texts`);
    }
    const data = output.data instanceof Float32Array ? output.data : Float32Array.from(output.data as ArrayLike<number>);
    return Array.from({ length: rows }, (_, i) => data.slice(i * dims, (i + 1) * dims));
  };

  // The vector size is whatever the model outputs: one short warm-up pass reads it (and primes the session).
  let dims: number;
  try {
    const [probe] = await embedBatch([`${queryPrefix}.`]);
    dims = probe?.length ?? 0;
  } catch (err) {
    await extractor.dispose().catch(() => undefined);
    throw new ModelUnavailableError(opts.model, opts.modelsDir, `it does not run: ${errorText(err)}`, true);
  }

  const nonDefaults = [
    queryPrefix !== DEFAULT_QUERY_PREFIX ? `query=${JSON.stringify(queryPrefix)}` : '',
    passagePrefix !== DEFAULT_PASSAGE_PREFIX ? `passage=${JSON.stringify(passagePrefix)}` : '',
  ].filter(Boolean);
  const id = modelEmbedderId(opts.model, dtype, nonDefaults);

  return {
    id,
    dims,
    dtype,
    async embedPassages(texts, onProgress) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize).map((t) => passagePrefix + t);
        vectors.push(...(await embedBatch(batch)));
        onProgress?.(vectors.length, texts.length);
      }
      if (texts.length === 0) onProgress?.(0, 0);
      return vectors;
    },
    async embedQuery(text) {
      const [vector] = await embedBatch([queryPrefix + text]);
      if (!vector) throw new Error('no vector returned for the query');
      return vector;
    },
    dispose: () => extractor.dispose(),
  };
}

/**
 * Fetches the model from the hub into `<modelsDir>/<model>/` (the layout `loadTransformersEmbedder` reads) and
 * returns that folder. A model already complete there is not fetched again. Throws ModelUnavailableError.
 */
export async function downloadModel(opts: DownloadModelOptions): Promise<string> {
  checkModelId(opts.model);
  const folder = modelFolder(opts.modelsDir, opts.model);
  if ((await findLocalModel(opts.modelsDir, opts.model)).dtype) return folder;
  const extractor = await loadRemote(opts);
  await extractor.dispose().catch(() => undefined);
  const after = await findLocalModel(opts.modelsDir, opts.model);
  if (!after.dtype) {
    const reason = `the download ended but ${after.problem || 'the folder is not there'}`;
    throw new ModelUnavailableError(opts.model, opts.modelsDir, reason);
  }
  return folder;
}

// ---------------------------------------------------------------------------------------------------------------

// --- transformers.js global settings ---------------------------------------------------------------------------

type EnvSettings = Pick<
  typeof env,
  'allowLocalModels' | 'allowRemoteModels' | 'localModelPath' | 'cacheDir' | 'useFS' | 'useFSCache' | 'remoteHost' | 'fetch'
>;

let envQueue: Promise<unknown> = Promise.resolve();

/**
 * transformers.js reads its settings from one global `env`. Loads are queued, each sets the settings it needs
 * right before it starts and puts the previous ones back after, so embedders with other options (another
 * modelsDir, remote on or off) can be loaded in the same process, even at the same time.
 */
function withEnv<T>(settings: EnvSettings, run: () => Promise<T>): Promise<T> {
  const task = envQueue.then(async () => {
    const saved: EnvSettings = {
      allowLocalModels: env.allowLocalModels,
      allowRemoteModels: env.allowRemoteModels,
      localModelPath: env.localModelPath,
      cacheDir: env.cacheDir,
      useFS: env.useFS,
      useFSCache: env.useFSCache,
      remoteHost: env.remoteHost,
      fetch: env.fetch,
    };
    Object.assign(env, settings);
    try {
      return await run();
    } finally {
      Object.assign(env, saved);
    }
  });
  envQueue = task.catch(() => undefined);
  return task;
}

async function loadLocal(model: string, modelsDir: string, dtype: ModelDtype): Promise<FeatureExtractionPipeline> {
  const settings: EnvSettings = {
    allowLocalModels: true,
    allowRemoteModels: false,
    localModelPath: modelsDir,
    cacheDir: modelsDir,
    useFS: true,
    useFSCache: true,
    remoteHost: env.remoteHost,
    // Nothing may go to the network on this path.
    fetch: () => Promise.reject(new Error('network is off for local models')),
  };
  try {
    return await withEnv(settings, () => pipeline('feature-extraction', model, { dtype, local_files_only: true }));
  } catch (err) {
    throw new ModelUnavailableError(model, modelsDir, errorText(err), true);
  }
}

async function loadRemote(opts: DownloadModelOptions): Promise<FeatureExtractionPipeline> {
  const timeoutMs = opts.remoteTimeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS;
  const remoteHost = ensureSlash(opts.remoteHost ?? DEFAULT_REMOTE_HOST);
  const net = boundedFetch(timeoutMs, new URL(remoteHost).host);
  const settings: EnvSettings = {
    allowLocalModels: true,
    allowRemoteModels: true,
    localModelPath: opts.modelsDir,
    cacheDir: opts.modelsDir, // downloads land in <modelsDir>/<model>/<file>, where the local lookup reads them
    useFS: true,
    useFSCache: true,
    remoteHost,
    fetch: net.fetch,
  };
  const progress = opts.onDownloadProgress;
  const progress_callback = progress
    ? (info: ProgressInfo) => {
        if (info.status === 'progress') progress({ file: info.file, loaded: info.loaded, total: info.total });
      }
    : undefined;
  try {
    // q8 (onnx/model_quantized.onnx, what the Xenova/* conversions ship, a quarter of fp32's size) when the hub
    // has it, else fp32 (onnx/model.onnx).
    for (const [i, candidate] of ONNX_FILES.entries()) {
      try {
        return await withEnv(settings, () => pipeline('feature-extraction', opts.model, { dtype: candidate.dtype, progress_callback }));
      } catch (err) {
        const graphMissing = !net.failed(err) && errorText(err).includes(candidate.file);
        if (!graphMissing || i === ONNX_FILES.length - 1) throw err;
      }
    }
    throw new Error('unreachable');
  } catch (err) {
    throw new ModelUnavailableError(opts.model, opts.modelsDir, net.describe(err));
  } finally {
    net.close(); // cancels whatever is still in flight, so no socket or timer keeps the process alive
  }
}

// --- the bounded network -----------------------------------------------------------------------------------------

class RemoteTimeoutError extends Error {
  override readonly name = 'RemoteTimeoutError';
}

/** undici's own give-ups: connecting, waiting for headers, a body that stalls. */
const UNDICI_TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * A fetch for transformers.js that cannot hang: undici gives up on a connection, headers or a body that stall for
 * `timeoutMs`, and until a first answer arrives the whole load has `timeoutMs`, however many requests it makes.
 * `close()` aborts whatever is still open.
 */
function boundedFetch(timeoutMs: number, host: string) {
  const dispatcher = new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const everything = new AbortController();
  let answered = false;
  let networkError: unknown;
  const noAnswer = setTimeout(() => answered || everything.abort(new RemoteTimeoutError()), timeoutMs).unref();
  const timedOut = (err: unknown) => causes(err).some((e) => e instanceof RemoteTimeoutError || UNDICI_TIMEOUTS.has(errorCode(e)));

  return {
    async fetch(input: string | URL, init?: RequestInit): Promise<Response> {
      try {
        // Node's fetch is undici's and takes its dispatcher; transformers.js wants Node's own Response.
        const response = await fetch(input, { ...init, dispatcher, signal: everything.signal } as RequestInit);
        answered = true;
        return response;
      } catch (err) {
        networkError ??= err;
        throw err;
      }
    },
    /** Whether the network itself failed (timeout, DNS, refused...), as opposed to the hub answering "no". */
    failed: (err: unknown) => networkError !== undefined || timedOut(err),
    /** Why the load failed, in words: the network's own error first (the library may wrap it). */
    describe(err: unknown): string {
      if (timedOut(err) || timedOut(networkError)) return `no answer from ${host} within ${formatSeconds(timeoutMs)}`;
      if (networkError !== undefined) return `${host} could not be reached: ${errorText(networkError)}`;
      return errorText(err);
    },
    close() {
      clearTimeout(noAnswer);
      everything.abort(new Error('model load finished')); // a no-op if already aborted
      void dispatcher.destroy().catch(() => undefined);
    },
  };
}

// --- text ----------------------------------------------------------------------------------------------------------

/** An error as one line: its message and, for network errors, the underlying cause (e.g. getaddrinfo ENOTFOUND). */
function errorText(err: unknown): string {
  const parts: string[] = [];
  for (const current of causes(err)) {
    const message = current instanceof Error ? current.message : String(current);
    if (message && !parts.some((p) => p.includes(message))) parts.push(message);
  }
  return oneLine(parts.join(': ') || 'unknown error');
}

/** An error and the causes under it, four deep at most. */
function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = err; current !== undefined && current !== null && chain.length < 4; current = (current as Error).cause) {
    chain.push(current);
    if (!(current instanceof Error)) break;
  }
  return chain;
}

function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function ensureSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
