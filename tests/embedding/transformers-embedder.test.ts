import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  downloadModel,
  loadTransformersEmbedder,
  ModelUnavailableError,
  type DownloadProgress,
  type TransformersEmbedder,
} from '../../src/embedding/transformers-embedder.ts';
import { createTinyModel, type TinyModel } from '../helpers/tiny-model.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EMBEDDER_SRC = path.join(ROOT, 'src/embedding/transformers-embedder.ts');
/** Bounds a wait that would otherwise hang; never what a test asserts. */
const SAFETY_MS = 60_000;

const norm = (v: Float32Array) => Math.hypot(...v);
const sameVector = (a: Float32Array | undefined, b: Float32Array | undefined) => {
  expect(a).toBeDefined();
  expect(b).toBeDefined();
  expect(a!.length).toBe(b!.length);
  for (let i = 0; i < a!.length; i++) expect(a![i]).toBeCloseTo(b![i]!, 6);
};
const differ = (a: Float32Array | undefined, b: Float32Array | undefined) => a!.some((x, i) => Math.abs(x - b![i]!) > 1e-4);

async function corpusSentences(): Promise<string[]> {
  const text = await readFile(path.join(ROOT, 'corpus/002_10ecb58a6e64aa15.txt'), 'utf8');
  return text
    .split(/[.!؟\n]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 20);
}

async function expectUnavailable(run: () => Promise<unknown>): Promise<ModelUnavailableError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelUnavailableError);
    return error as ModelUnavailableError;
  }
  throw new Error('expected ModelUnavailableError');
}

/** Loopback HTTP servers only; every socket is destroyed when the test file ends. */
async function listen(handler: (url: string, range: string | undefined, res: ServerResponse) => void) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => handler(req.url ?? '/', req.headers.range, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const requests: string[] = [];
  server.on('request', (req) => requests.push(req.url ?? ''));
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Serves a models folder the way the hub does: /<model>/resolve/main/<file>, with Range requests.
 * `sendGraph`, when given, sends the whole of onnx/model.onnx instead (to stall or slow it).
 */
function hubHandler(modelsDir: string, sendGraph?: (bytes: Buffer, res: ServerResponse) => void) {
  return (url: string, range: string | undefined, res: ServerResponse) => {
    const match = /^\/(.+)\/resolve\/main\/(.+)$/.exec(decodeURIComponent(url.split('?')[0]!));
    if (!match) return void res.writeHead(404).end();
    const file = path.join(modelsDir, match[1]!, match[2]!);
    stat(file).then(
      async (info) => {
        if (range === 'bytes=0-0') {
          res.writeHead(206, { 'content-range': `bytes 0-0/${info.size}`, 'content-length': '1' });
          createReadStream(file, { start: 0, end: 0 }).pipe(res);
        } else if (sendGraph && match[2] === 'onnx/model.onnx') {
          res.writeHead(200, { 'content-length': String(info.size) });
          sendGraph(await readFile(file), res);
        } else {
          res.writeHead(200, { 'content-length': String(info.size) });
          createReadStream(file).pipe(res);
        }
      },
      () => res.writeHead(404).end(),
    );
  };
}

/** Sends `bytes` in `parts` pieces, `gapMs` apart. */
function trickle(parts: number, gapMs: number) {
  return (bytes: Buffer, res: ServerResponse) => {
    const size = Math.ceil(bytes.length / parts);
    let sent = 0;
    const next = () => {
      res.write(bytes.subarray(sent, sent + size));
      sent += size;
      if (sent >= bytes.length) res.end();
      else setTimeout(next, gapMs);
    };
    next();
  };
}

let tmp: string;
let tiny: TinyModel;
let embedder: TransformersEmbedder;
let sentences: string[];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'isnad-embedder-'));
  tiny = await createTinyModel(path.join(tmp, 'models'));
  sentences = await corpusSentences();
  embedder = await loadTransformersEmbedder({ model: tiny.modelId, modelsDir: tiny.modelsDir, allowRemote: false });
});

afterAll(async () => {
  await embedder?.dispose();
  await rm(tmp, { recursive: true, force: true });
});

describe('loadTransformersEmbedder with a local model (the tiny model, offline)', () => {
  it('names itself and reads dims from the model output', () => {
    expect(embedder.dims).toBe(tiny.dim);
    expect(embedder.dtype).toBe('fp32');
    expect(embedder.id).toBe(`transformers:${tiny.modelId};dtype=fp32`);
  });

  it('embeds Arabic passages into unit vectors, the same text to the same vector', async () => {
    const three = sentences.slice(0, 3);
    expect(three).toHaveLength(3);
    const vectors = await embedder.embedPassages(three);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(tiny.dim);
      expect(norm(v)).toBeCloseTo(1, 4);
    }
    const again = await embedder.embedPassages([three[1]!, three[1]!]);
    sameVector(again[0], vectors[1]);
    sameVector(again[1], vectors[1]);
    expect(differ(vectors[0], vectors[1])).toBe(true);
    expect(differ(vectors[1], vectors[2])).toBe(true);
    expect(differ(vectors[0], vectors[2])).toBe(true);
  });

  it('embeds a query with the query prefix, differently from the same text as a passage', async () => {
    const text = sentences[0]!;
    const query = await embedder.embedQuery(text);
    const [passage] = await embedder.embedPassages([text]);
    expect(query.length).toBe(tiny.dim);
    expect(norm(query)).toBeCloseTo(1, 4);
    expect(differ(query, passage)).toBe(true);
    sameVector(await embedder.embedQuery(text), query);
  });

  it('reports progress after each batch, ending with done === total', async () => {
    const five = sentences.slice(0, 5);
    const small = await loadTransformersEmbedder({
      model: tiny.modelId,
      modelsDir: tiny.modelsDir,
      allowRemote: false,
      batchSize: 2,
    });
    const calls: [number, number][] = [];
    const batched = await small.embedPassages(five, (done, total) => calls.push([done, total]));
    expect(calls).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
    const whole = await embedder.embedPassages(five);
    expect(batched).toHaveLength(5);
    for (let i = 0; i < 5; i++) sameVector(batched[i], whole[i]);
    expect(await small.embedPassages([])).toEqual([]);
    await small.dispose();
  });

  it('loads a second embedder with other options in the same process without disturbing the first', async () => {
    const other = await createTinyModel(path.join(tmp, 'other-models'), { id: 'test/tiny-64', dim: 64, seed: 7 });
    const [a, b] = await Promise.all([
      loadTransformersEmbedder({
        model: other.modelId,
        modelsDir: other.modelsDir,
        allowRemote: true, // complete locally, so the network is not touched
        queryPrefix: 'سؤال: ',
        passagePrefix: '',
      }),
      loadTransformersEmbedder({ model: tiny.modelId, modelsDir: tiny.modelsDir, allowRemote: false }),
    ]);
    expect(a.dims).toBe(64);
    expect(a.id).toBe('transformers:test/tiny-64;dtype=fp32;query="سؤال: ";passage=""');
    expect(b.dims).toBe(tiny.dim);
    sameVector(await b.embedQuery('مرحبا'), await embedder.embedQuery('مرحبا'));
    await Promise.all([a.dispose(), b.dispose()]);
  });
});

describe('a model that is not there', () => {
  it('fails without trying the network, with a one-line, actionable message, when downloads are off', async () => {
    const modelsDir = path.join(tmp, 'empty-models');
    const hub = await listen((_url, _range, res) => void res.writeHead(500).end());
    const error = await expectUnavailable(() =>
      loadTransformersEmbedder({ model: 'Xenova/multilingual-e5-small', modelsDir, allowRemote: false, remoteHost: hub.url }),
    );
    await hub.close();
    expect(hub.requests).toEqual([]);
    expect(error.message).toContain('isnad model download');
    expect(error.message).toContain('model Xenova/multilingual-e5-small is not in');
    expect(error.reason).toBe('downloading is turned off');
    expect(error.message).not.toContain('\n');
  });

  it('says so, without touching the network, when the local folder is there but broken', async () => {
    const broken = await createTinyModel(path.join(tmp, 'broken-models'), { id: 'test/tiny-broken' });
    await writeFile(path.join(broken.modelDir, 'onnx', 'model.onnx'), 'not an onnx graph');
    const error = await expectUnavailable(() =>
      loadTransformersEmbedder({ model: broken.modelId, modelsDir: broken.modelsDir, allowRemote: true }),
    );
    expect(error.present).toBe(true);
    expect(error.message).toMatch(/^model test\/tiny-broken in .* could not be loaded \(/);
    expect(error.message).toContain('isnad model download');
    expect(error.message).not.toContain('\n');
  });

  it('names the missing files of an incomplete folder', async () => {
    const partial = await createTinyModel(path.join(tmp, 'partial-models'), { id: 'test/tiny-partial' });
    await rm(path.join(partial.modelDir, 'onnx'), { recursive: true });
    const error = await expectUnavailable(() =>
      loadTransformersEmbedder({ model: partial.modelId, modelsDir: partial.modelsDir, allowRemote: false }),
    );
    expect(error.reason).toBe('its folder lacks onnx/model_quantized.onnx or onnx/model.onnx; downloading is turned off');
  });

  it('fails with ModelUnavailableError when the hub cannot be reached (no network here)', async () => {
    const modelsDir = path.join(tmp, 'offline-models');
    const error = await expectUnavailable(() =>
      loadTransformersEmbedder({
        model: 'Xenova/multilingual-e5-small',
        modelsDir,
        allowRemote: true,
        remoteTimeoutMs: 3000,
      }),
    );
    expect(error.message).toContain('isnad model download');
    expect(error.message).not.toContain('\n');
  });

  it('gives up on a hub that accepts the connection but never answers, saying it waited remoteTimeoutMs', async () => {
    const silent = await listen(() => undefined); // never responds
    try {
      const error = await expectUnavailable(() =>
        loadTransformersEmbedder({
          model: 'Xenova/multilingual-e5-small',
          modelsDir: path.join(tmp, 'silent-models'),
          allowRemote: true,
          remoteTimeoutMs: 1000,
          remoteHost: silent.url,
        }),
      );
      expect(error.reason).toMatch(/no answer from 127\.0\.0\.1:\d+ within 1 s/);
      expect(silent.requests.length).toBeGreaterThan(0);
    } finally {
      await silent.close();
    }
  });

  it('does not keep the process alive after giving up (child process exits on its own)', { timeout: 2 * SAFETY_MS }, async () => {
    const silent = await listen(() => undefined);
    const script = path.join(tmp, 'give-up.mts');
    await writeFile(
      script,
      `import { loadTransformersEmbedder } from ${JSON.stringify(EMBEDDER_SRC)};
try {
  await loadTransformersEmbedder({ model: 'Xenova/multilingual-e5-small', modelsDir: ${JSON.stringify(path.join(tmp, 'child-models'))},
    allowRemote: true, remoteTimeoutMs: 1000, remoteHost: ${JSON.stringify(silent.url)} });
  console.log(JSON.stringify({ ok: true }));
} catch (e) {
  console.log(JSON.stringify({ name: e.name }));
}
`,
    );
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      // A socket or timer left open would keep the child running until this kills it (a hang bound, not a speed limit).
      const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
        const killer = setTimeout(() => child.kill('SIGKILL'), SAFETY_MS);
        child.on('exit', (code, signal) => {
          clearTimeout(killer);
          resolve({ code, signal });
        });
      });
      expect(exit, err).toEqual({ code: 0, signal: null });
      expect(JSON.parse(out.trim().split('\n').pop() ?? '{}')).toEqual({ name: 'ModelUnavailableError' });
    } finally {
      await silent.close();
    }
  });
});

describe('downloading from a hub (a loopback server serving the tiny model)', () => {
  let hub: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    hub = await listen(hubHandler(tiny.modelsDir));
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('downloadModel fetches the files into modelsDir with progress, once; the local load then needs no network', async () => {
    const modelsDir = path.join(tmp, 'downloaded');
    const progress: DownloadProgress[] = [];
    const folder = await downloadModel({
      model: tiny.modelId,
      modelsDir,
      remoteHost: hub.url,
      onDownloadProgress: (p) => progress.push(p),
    });
    expect(folder).toBe(path.join(modelsDir, tiny.modelId));
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
      expect((await stat(path.join(folder, file))).size).toBe((await stat(path.join(tiny.modelDir, file))).size);
    }
    expect(progress.some((p) => p.file === 'onnx/model.onnx' && p.loaded === p.total && p.total > 0)).toBe(true);

    const requestsBefore = hub.requests.length;
    expect(await downloadModel({ model: tiny.modelId, modelsDir, remoteHost: hub.url })).toBe(folder);
    const local = await loadTransformersEmbedder({ model: tiny.modelId, modelsDir, allowRemote: false });
    expect(hub.requests.length).toBe(requestsBefore);
    sameVector(await local.embedQuery(sentences[0]!), await embedder.embedQuery(sentences[0]!));
    await local.dispose();
  });

  it('loadTransformersEmbedder with allowRemote downloads a missing model and embeds with it', async () => {
    const modelsDir = path.join(tmp, 'fetched-on-load');
    const remote = await loadTransformersEmbedder({ model: tiny.modelId, modelsDir, allowRemote: true, remoteHost: hub.url });
    expect(remote.dims).toBe(tiny.dim);
    sameVector((await remote.embedPassages([sentences[2]!]))[0], (await embedder.embedPassages([sentences[2]!]))[0]);
    await remote.dispose();
  });

  it('gives up on a download whose body stops coming, saying it waited remoteTimeoutMs', async () => {
    const stalling = await listen(hubHandler(tiny.modelsDir, (bytes, res) => res.write(bytes.subarray(0, 100))));
    try {
      const error = await expectUnavailable(() =>
        downloadModel({ model: tiny.modelId, modelsDir: path.join(tmp, 'stalled'), remoteHost: stalling.url, remoteTimeoutMs: 1000 }),
      );
      expect(error.reason).toMatch(/no answer from 127\.0\.0\.1:\d+ within 1 s/);
    } finally {
      await stalling.close();
    }
  });

  it('keeps a slow download that never pauses for remoteTimeoutMs, however long it takes in all', async () => {
    // 12 pieces 300 ms apart: about 3.3 s in all, longer than the 3 s allowed for any one wait.
    const slow = await listen(hubHandler(tiny.modelsDir, trickle(12, 300)));
    try {
      const folder = await downloadModel({
        model: tiny.modelId,
        modelsDir: path.join(tmp, 'slow'),
        remoteHost: slow.url,
        remoteTimeoutMs: 3000,
      });
      expect(await readFile(path.join(folder, 'onnx/model.onnx'))).toEqual(await readFile(path.join(tiny.modelDir, 'onnx/model.onnx')));
    } finally {
      await slow.close();
    }
  });

  it('says what the hub answered when it fails with a server error', async () => {
    const failing = await listen((_url, _range, res) => void res.writeHead(503, 'Service Unavailable').end('down for maintenance'));
    try {
      const error = await expectUnavailable(() =>
        downloadModel({ model: tiny.modelId, modelsDir: path.join(tmp, 'failing'), remoteHost: failing.url, remoteTimeoutMs: 1000 }),
      );
      expect(failing.requests.length).toBeGreaterThan(0);
      expect(error.message).not.toContain('\n');
      expect(error.reason).toMatch(/^Service unavailable .*config\.json/);
    } finally {
      await failing.close();
    }
  });
});
