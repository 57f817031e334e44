import type { ServerResponse } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, HttpError } from '../../src/ingestion/index.ts';
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
    if (path === '/busy-a-while') return void res.writeHead(429, { 'retry-after': '100' }).end();
    if (path === '/to-metadata') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (path === '/to-private') return void res.writeHead(301, { location: 'http://10.1.2.3/admin' }).end();
    if (path === '/to-localhost')
      return void res.writeHead(302, { location: `http://localhost:${new URL(server.base).port}/missing` }).end();
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

/** A clock that does not wait: each sleep is recorded and moves its time on. */
function fakeClock() {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: (ms: number) => {
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const client = (options = {}) =>
  new HttpClient({ backoffMs: 20, timeoutMs: 1000, allowNetworks: ['127.0.0.1/32'], clock: fakeClock(), ...options });
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
    const clock = fakeClock();
    const error = await failure(client({ retries: 2, clock }).get(`${server.base}/broken`));
    expect(error.message).toContain('HTTP 500 after 3 attempts');
    expect(counts.get('/broken')).toBe(3);
    expect(clock.waits).toEqual([20, 40]);
    expect(await client({ retries: 2 }).get(`${server.base}/flaky`)).toMatchObject({ status: 200 });
  });

  it('waits as long as Retry-After asks on 429, then succeeds', async () => {
    const clock = fakeClock();
    const response = await client({ clock }).get(`${server.base}/busy`);
    expect(Buffer.from(response!.body).toString()).toBe('served');
    expect(clock.waits).toEqual([1000]);
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

describe('HttpClient refuses internal addresses unless their network is allowed', () => {
  it('refuses loopback by default, by address and by name, and says how to allow it', async () => {
    const byAddress = await failure(new HttpClient({ clock: fakeClock() }).get(`${server.base}/missing`));
    expect(byAddress.message).toBe(
      `${server.base}/missing: 127.0.0.1 is a loopback address, refused (FETCH_ALLOW_NETWORKS allows a network)`,
    );
    const local = `http://localhost:${new URL(server.base).port}/missing`;
    const byName = await failure(new HttpClient({ clock: fakeClock() }).get(local));
    expect(byName.message).toMatch(/localhost resolves to (127\.0\.0\.1|::1) is a loopback address, refused/);
    expect(byName.permanent).toBe(true);
    expect(counts.get('/missing')).toBe(1); // the one request of the first test: neither refused one reached the server
  });

  it('refuses a redirect to a private, metadata or loopback address from an allowed server', async () => {
    const metadata = await failure(client().get(`${server.base}/to-metadata`));
    expect(metadata.message).toContain('169.254.169.254 is a link-local (cloud metadata) address, refused');
    const privateAddress = await failure(client().get(`${server.base}/to-private`));
    expect(privateAddress.message).toContain('10.1.2.3 is a private address, refused');
    const local = await failure(client({ allowNetworks: ['127.0.0.1/32'] }).get(`${server.base}/to-localhost`));
    // localhost is 127.0.0.1, and ::1 where the machine has IPv6: allowed only when every address is.
    if (!local.message.includes('::1')) expect(local.message).toContain('HTTP 404');
  });

  it('rejects a network list that is not one', () => {
    expect(() => new HttpClient({ allowNetworks: ['10.0.0.0/33'] })).toThrow(/not a network such as/);
  });
});

describe('HttpClient says what went wrong on the network, in words', () => {
  let notHttp: Server;
  let notHttpPort = 0;
  beforeAll(async () => {
    notHttp = createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n').destroySoon());
    await new Promise<void>((resolve) => notHttp.listen(0, '127.0.0.1', resolve));
    notHttpPort = (notHttp.address() as AddressInfo).port;
  });
  afterAll(() => void notHttp.close());

  it('names a server that does not speak HTTP, and a port where nothing listens', async () => {
    const garbled = await failure(client({ retries: 0 }).get(`http://127.0.0.1:${notHttpPort}/`));
    expect(garbled.message).toMatch(/could not be fetched: not an HTTP server \(its answer is not HTTP\) \(HPE_/);
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const refused = await failure(client({ retries: 0 }).get(`http://127.0.0.1:${closed}/`));
    expect(refused.message).toContain('nothing is listening there (connection refused) (ECONNREFUSED)');
  });
});

describe('HttpClient within a time budget', () => {
  it('does not wait for a retry that would end after the deadline, and says it is left for the next round', async () => {
    const clock = fakeClock();
    const error = await failure(client({ clock }).get(`${server.base}/busy-a-while`, {}, '*/*', clock.now() + 10_000));
    expect(error.message).toContain("waiting 100 s to retry would pass this round's time budget");
    expect(clock.waits).toEqual([]);
  });
});
