/** A real HTTP server on 127.0.0.1 for tests, on a free port, closed by close(). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  /** http://127.0.0.1:PORT */
  base: string;
  /** Paths requested, in order, with their headers. */
  requests: Array<{ path: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

export async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(599);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Bytes of `text` in a single-byte legacy encoding (windows-1256, iso-8859-6): characters it lacks become &#N; references. */
export function encodeLegacy(text: string, encoding: string): Buffer {
  const decoder = new TextDecoder(encoding);
  const table = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) {
    const char = decoder.decode(Uint8Array.of(byte));
    if (char !== '\uFFFD' && !table.has(char)) table.set(char, byte);
  }
  const out: number[] = [];
  for (const char of text) {
    const byte = table.get(char);
    if (byte !== undefined) out.push(byte);
    else for (const c of `&#${char.codePointAt(0)};`) out.push(c.charCodeAt(0));
  }
  return Buffer.from(out);
}
