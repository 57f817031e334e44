import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Agent, fetch, type Response } from 'undici';
import { Semaphore, systemClock, type Clock } from '../concurrency.ts';
import type { Config } from '../config.ts';
import { AddressPolicy, InternalAddressError } from './addresses.ts';

export interface HttpOptions {
  /** Whole request, headers and body, per attempt. */
  timeoutMs: number;
  /** A body larger than this is refused (and its download stopped). */
  maxBytes: number;
  maxRedirects: number;
  /** Attempts after the first on 429 and 5xx. */
  retries: number;
  /** First back-off; doubled each retry. */
  backoffMs: number;
  /** A Retry-After longer than this is not waited for: the request fails instead. */
  maxRetryAfterMs: number;
  /** Requests in flight at once to one host. */
  perHost: number;
  /** Requests in flight at once in all: with maxBytes, bounds the bytes held by downloads. */
  maxConnections: number;
  /** Networks whose internal addresses may be fetched (FETCH_ALLOW_NETWORKS); all others only public ones. */
  allowNetworks: readonly string[];
  userAgent: string;
  /** Time and waiting (back-off, Retry-After), injected by tests. */
  clock: Clock;
}

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface HttpResponse {
  /** The address after redirects. */
  url: string;
  status: number;
  /** The Content-Type header, or '' when there is none. */
  contentType: string;
  body: Uint8Array;
  /** What to send next time for a conditional GET. */
  validators: Validators;
}

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly url: string,
    message: string,
    readonly status?: number,
    /** True when asking again cannot help (too large, refused address, redirect loop). */
    readonly permanent = false,
  ) {
    super(`${url}: ${message}`);
  }
}

const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const DEFAULT_HTTP: HttpOptions = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  retries: 3,
  backoffMs: 1000,
  maxRetryAfterMs: 120_000,
  perHost: 2,
  maxConnections: 8,
  allowNetworks: [],
  userAgent: userAgent(),
  clock: systemClock,
};

/** The client for the operator's settings: who to contact in the User-Agent, which internal networks may be fetched. */
export function configuredHttpClient(config: Pick<Config, 'feedContact' | 'fetchAllowNetworks'>): HttpClient {
  return new HttpClient({ userAgent: userAgent(config.feedContact), allowNetworks: config.fetchAllowNetworks });
}

/** `isnad/<version> (…; +contact)`: who is fetching, and how a site's owner reaches the operator. */
export function userAgent(contact?: string): string {
  return `isnad/${packageVersion} (Arabic news question-answering bot${contact ? `; +${contact}` : ''})`;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GETs over undici's fetch, politely and safely: a timeout on every attempt, at most `perHost`
 * requests at a time to one host and `maxConnections` in all, exponential back-off on 429 and 5xx
 * (Retry-After honoured), a body size cap, redirects followed up to a limit, conditional GET when
 * validators are given, and only public addresses (checked for every hop, and at connection time
 * for names) unless a network is allowed.
 */
export class HttpClient {
  readonly options: HttpOptions;
  private readonly hosts = new Map<string, Semaphore>();
  private readonly connections: Semaphore;
  private readonly policy: AddressPolicy;
  private readonly dispatcher: Agent;

  constructor(options: Partial<HttpOptions> = {}) {
    this.options = { ...DEFAULT_HTTP, ...options };
    this.connections = new Semaphore(this.options.maxConnections);
    this.policy = new AddressPolicy(this.options.allowNetworks);
    this.dispatcher = new Agent({ connect: { lookup: this.policy.lookup } });
  }

  /** The response, or null when validators were given and the server says 304 Not Modified. Throws HttpError. */
  async get(url: string, validators: Validators = {}, accept = '*/*', deadline?: number): Promise<HttpResponse | null> {
    let current = url;
    for (let redirects = 0; ; redirects++) {
      this.checkAddress(current);
      const response = await this.withRetries(current, validators, accept, deadline);
      if (response.status === 304) {
        if (validators.etag || validators.lastModified) return null;
        throw new HttpError(current, 'HTTP 304 Not Modified to a request that was not conditional', 304);
      }
      if (!REDIRECTS.has(response.status)) return response;
      const location = response.location;
      if (!location) throw new HttpError(current, `redirect (HTTP ${response.status}) without a Location header`, response.status);
      if (redirects >= this.options.maxRedirects)
        throw new HttpError(url, `more than ${this.options.maxRedirects} redirects`, undefined, true);
      const next = new URL(location, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:')
        throw new HttpError(current, `redirect to a non-http address ${next.href}`, undefined, true);
      current = next.href;
    }
  }

  /** An address written as an IP is checked here (no lookup happens for it); a name, when connecting. */
  private checkAddress(url: string): void {
    const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
    const refusal = isIP(host) ? this.policy.refusal(host) : undefined;
    if (refusal) throw new HttpError(url, refusal, undefined, true);
  }

  private async withRetries(
    url: string,
    validators: Validators,
    accept: string,
    deadline: number | undefined,
  ): Promise<HttpResponse & { location: string | null }> {
    const { clock } = this.options;
    for (let attempt = 0; ; attempt++) {
      const response = await this.queueFor(url).run(() => this.connections.run(() => this.once(url, validators, accept)));
      const retryable = response.status === 429 || (response.status >= 500 && response.status <= 599);
      if (!retryable) {
        if (response.status >= 400) throw new HttpError(response.url, `HTTP ${response.status}`, response.status);
        return response;
      }
      if (attempt >= this.options.retries)
        throw new HttpError(url, `HTTP ${response.status} after ${attempt + 1} attempts`, response.status);
      const backoff = this.options.backoffMs * 2 ** attempt;
      const asked = retryAfterMs(response.retryAfter, clock.now());
      if (asked !== null && asked > this.options.maxRetryAfterMs) {
        throw new HttpError(
          url,
          `HTTP ${response.status}, and the server asks to wait ${Math.ceil(asked / 1000)} s before retrying`,
          response.status,
        );
      }
      const wait = Math.max(backoff, asked ?? 0);
      if (deadline !== undefined && clock.now() + wait > deadline) {
        throw new HttpError(
          url,
          `HTTP ${response.status}; waiting ${Math.ceil(wait / 1000)} s to retry would pass this round's time budget, so it is tried at the next one`,
          response.status,
        );
      }
      await clock.sleep(wait);
    }
  }

  private async once(url: string, validators: Validators, accept: string) {
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, accept };
    if (validators.etag) headers['if-none-match'] = validators.etag;
    if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const response = await fetch(url, { headers, redirect: 'manual', signal, dispatcher: this.dispatcher });
      const body = response.status >= 300 ? new Uint8Array() : await readCapped(response, this.options.maxBytes, url);
      if (response.status >= 300) await response.body?.cancel();
      return {
        url,
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        body,
        validators: {
          etag: response.headers.get('etag') ?? undefined,
          lastModified: response.headers.get('last-modified') ?? undefined,
        },
        location: response.headers.get('location'),
        retryAfter: response.headers.get('retry-after'),
      };
    } catch (error) {
      if (error instanceof HttpError) throw error;
      if (signal.aborted) throw new HttpError(url, `no complete answer within ${this.options.timeoutMs / 1000} s`);
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof InternalAddressError) throw new HttpError(url, cause.message, undefined, true);
      throw new HttpError(url, `could not be fetched: ${networkProblem(cause, error as Error)}`);
    }
  }

  private queueFor(url: string): Semaphore {
    const host = new URL(url).host;
    let queue = this.hosts.get(host);
    if (!queue) this.hosts.set(host, (queue = new Semaphore(this.options.perHost)));
    return queue;
  }
}

async function readCapped(response: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  const tooLarge = () => new HttpError(url, `response larger than ${Math.round(maxBytes / 1024)} KB, not downloaded`, undefined, true);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/** What went wrong on the network, in words, with Node's code after them. */
function networkProblem(cause: unknown, error: Error): string {
  const { code, message } = (cause ?? {}) as { code?: string; message?: string };
  const words =
    code === undefined
      ? undefined
      : (NETWORK_WORDS[code] ?? (code.startsWith('HPE_') ? 'not an HTTP server (its answer is not HTTP)' : undefined));
  if (words) return `${words} (${code})`;
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return `its TLS certificate is not valid (${code})`;
  return code ?? message ?? error.message;
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening there (connection refused)',
  ECONNRESET: 'the server closed the connection',
  UND_ERR_SOCKET: 'the server closed the connection',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be looked up now',
  ETIMEDOUT: 'the server did not answer',
  UND_ERR_CONNECT_TIMEOUT: 'the server did not answer',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  UND_ERR_HEADERS_OVERFLOW: 'its headers are too large',
};

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const when = Date.parse(trimmed);
  return Number.isNaN(when) ? null : Math.max(0, when - now);
}
