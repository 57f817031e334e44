import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, HttpError } from '../../src/sources/index.ts';
import { startServer, type TestServer } from '../helpers/http-server.ts';

let server: TestServer;
const counts = new Map<string, number>();
let inFlight = 0;
let mostInFlight = 0;
const hit = (path: string) => {
  counts.set(path, (counts.get(path) ?? 0) + 1);
  return counts.get(path)!;
};

beforeAll(async () => {
  server = await startServer(async (req, res) => {
    const path = req.url ?? '';
    const n = hit(path);
    if (path === '/missing') return void res.writeHead(404).end('not here');
    if (path === '/broken') return void res.writeHead(500).end('oops');
    if (path === '/busy') {
      if (n === 1) return void res.writeHead(429, { 'retry-after': '1' }).end();
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end('served');
    }
    if (path === '/busy-for-long') return void res.writeHead(429, { 'retry-after': '3600' }).end();
    if (path === '/flaky') {
      if (n <= 2) return void res.writeHead(503).end();
      return void res.writeHead(200).end('third time');
    }
    if (path === '/slow') {
      await new Promise((r) => setTimeout(r, 3000));
      return void res.writeHead(200).end('late');
    }
    if (path === '/huge' || path === '/huge-chunked') {
      const size = 20 * 1024 * 1024;
      res.writeHead(
        200,
        path === '/huge' ? { 'content-type': 'text/html', 'content-length': String(size) } : { 'content-type': 'text/html' },
      );
      const block = Buffer.alloc(64 * 1024, 0x61);
      for (let sent = 0; sent < size && !res.destroyed; sent += block.length) {
        if (!res.write(block)) await drainedOrClosed(res);
      }
      return void res.end();
    }
    const hop = /^\/hop\/(\d+)$/.exec(path);
    if (hop) {
      const left = Number(hop[1]);
      return void res
        .writeHead(left === 0 ? 200 : 302, left === 0 ? {} : { location: `/hop/${left - 1}` })
        .end(left === 0 ? 'arrived' : '');
    }
    if (path === '/cached') {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      return void res.writeHead(200, { etag: '"v1"', 'last-modified': 'Tue, 24 Jan 2017 10:00:00 GMT' }).end('fresh');
    }
    if (path.startsWith('/parallel')) {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 150));
      inFlight--;
      return void res.writeHead(200).end('ok');
    }
    res.writeHead(404).end();
  });
});

afterAll(() => server.close());

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.once('drain', done).once('close', done);
  });
}

const client = (options = {}) => new HttpClient({ backoffMs: 20, timeoutMs: 1000, ...options });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as HttpError,
  );

describe('HttpClient against a local server', () => {
  it('reports 404 at once, without retrying', async () => {
    const error = await failure(client().get(`${server.base}/missing`));
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(404);
    expect(error.message).toContain('HTTP 404');
    expect(counts.get('/missing')).toBe(1);
  });

  it('retries 5xx with back-off, then gives up and says so', async () => {
    const error = await failure(client({ retries: 2 }).get(`${server.base}/broken`));
    expect(error.message).toContain('HTTP 500 after 3 attempts');
    expect(counts.get('/broken')).toBe(3);
    expect(await client({ retries: 2 }).get(`${server.base}/flaky`)).toMatchObject({ status: 200 });
  });

  it('waits as long as Retry-After asks on 429, then succeeds', async () => {
    const started = Date.now();
    const response = await client().get(`${server.base}/busy`);
    expect(Buffer.from(response!.body).toString()).toBe('served');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(counts.get('/busy')).toBe(2);
  });

  it('does not wait an hour when Retry-After asks for one', async () => {
    const error = await failure(client({ maxRetryAfterMs: 5000 }).get(`${server.base}/busy-for-long`));
    expect(error.message).toContain('asks to wait 3600 s');
  });

  it('gives up on a server slower than the timeout', async () => {
    const error = await failure(client({ timeoutMs: 300, retries: 0 }).get(`${server.base}/slow`));
    expect(error.message).toContain('no complete answer within 0.3 s');
  });

  it('refuses a 20 MB response, whether or not it declares its length', async () => {
    for (const path of ['/huge', '/huge-chunked']) {
      const error = await failure(client({ timeoutMs: 10_000 }).get(`${server.base}${path}`));
      expect(error.message).toContain('larger than 5120 KB');
    }
  });

  it('follows a redirect chain up to the limit, and no further', async () => {
    const response = await client().get(`${server.base}/hop/3`);
    expect(response!.url).toBe(`${server.base}/hop/0`);
    expect(Buffer.from(response!.body).toString()).toBe('arrived');
    const error = await failure(client({ maxRedirects: 5 }).get(`${server.base}/hop/9`));
    expect(error.message).toContain('more than 5 redirects');
  });

  it('sends the validators back and returns null on 304 Not Modified', async () => {
    const http = client();
    const first = await http.get(`${server.base}/cached`);
    expect(first!.validators).toEqual({ etag: '"v1"', lastModified: 'Tue, 24 Jan 2017 10:00:00 GMT' });
    expect(await http.get(`${server.base}/cached`, first!.validators)).toBeNull();
    const last = server.requests.filter((r) => r.path === '/cached').at(-1)!;
    expect(last.headers['if-none-match']).toBe('"v1"');
    expect(last.headers['if-modified-since']).toBe('Tue, 24 Jan 2017 10:00:00 GMT');
    expect(last.headers['user-agent']).toMatch(/^isnad\/\d+\.\d+\.\d+ \(/);
  });

  it('sends at most two requests at a time to one host', async () => {
    const http = client();
    await Promise.all(Array.from({ length: 6 }, (_, i) => http.get(`${server.base}/parallel/${i}`)));
    expect(mostInFlight).toBe(2);
  });
});
