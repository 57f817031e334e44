// A small fake Discord (REST + JSON gateway) on 127.0.0.1 for end-to-end tests of the real bot.
// A real discord.js 14.28 Client logs in to it with `rest: { api: fake.apiBase }`.
// See README.md in this folder for usage and what it checks.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import {
  ChannelTypes,
  DISCORD_LOCALES,
  EVERYONE_PERMISSIONS,
  Perm,
  interactionToken,
  makeDmChannel,
  makeMember,
  makeMessage,
  makeRole,
  makeTextChannel,
  makeThreadChannel,
  makeUser,
  normalizeEmbeds,
  snowflake,
  type ApiMember,
  type ApiMessage,
  type ApiUser,
} from './objects.ts';
import {
  checkAutocomplete,
  checkCommands,
  checkMessagePayload,
  checkModal,
  checkThreadName,
  invalidFormBody,
  type Problem,
} from './limits.ts';

export type { ApiMessage, ApiUser } from './objects.ts';
export { LIMITS } from './limits.ts';

// ---------------------------------------------------------------------------------------------
// Public types

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface RecordedRequest {
  method: string;
  /** Decoded path without the `/api/v10` prefix, e.g. `/webhooks/123/tok/messages/@original`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body; for multipart, the parsed `payload_json` part; `undefined` when empty. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  files: RecordedFile[];
  headers: Record<string, string>;
  /** FakeDiscord.now() when the request arrived. */
  at: number;
  /** HTTP status the fake answered. */
  status: number;
  /** Route template that handled it (e.g. `PATCH /webhooks/:app/:token/messages/:message`), null if unknown. */
  route: string | null;
  /** True when the answer was an injected failure (failNextRequests / failNextRequestsWith). */
  injected: boolean;
}

export interface LimitViolation extends Problem {
  method: string;
  path: string;
  at: number;
}

export interface MentionViolation {
  method: string;
  path: string;
  /** The `allowed_mentions` sent (undefined when absent). */
  allowedMentions: unknown;
  reason: string;
  at: number;
}

/** Any 4xx the fake answered on its own (not injected): unknown interaction, already acknowledged, ... */
export interface Rejection {
  method: string;
  path: string;
  status: number;
  code: number;
  message: string;
  at: number;
}

export interface GatewayFrame {
  dir: 'in' | 'out';
  op: number;
  t: string | null;
  s: number | null;
  at: number;
}

export interface CommandOption {
  name: string;
  type: number;
  value?: unknown;
  focused?: boolean;
  options?: CommandOption[];
}

export interface InteractionOpts {
  /** The invoking user (default: the fake's default user). */
  userId?: string;
  /** User locale; must be one of Discord's locales (there is no Arabic one). Default `en-US`. */
  locale?: string;
  /** Guild text channel or thread id (default: the first text channel). Ignored with `dm`. */
  channelId?: string;
  /** Invoke in a DM with the bot instead of the guild. */
  dm?: boolean;
  /** Permissions of the invoking member (decimal string). */
  memberPermissions?: string;
}

export interface CommandOpts extends InteractionOpts {
  /** Send an autocomplete interaction (type 4) instead of a command (type 2). */
  autocomplete?: boolean;
  /** `data.resolved` (users, members, channels, ...) for options of those types. */
  resolved?: unknown;
}

export interface SentInteraction {
  id: string;
  token: string;
  /** FakeDiscord.now() when the dispatch went out (or was queued while disconnected). */
  sentAt: number;
  /** Gateway sequence number of the INTERACTION_CREATE. */
  seq: number;
}

export interface SentMessage {
  id: string;
  message: ApiMessage;
  /** False when the bot's intents mean Discord would not send this MESSAGE_CREATE at all. */
  delivered: boolean;
  sentAt: number;
}

export interface SendMessageOpts {
  channelId?: string;
  /** Add the bot to `mentions` (and prefix `<@bot>` to the content if it is not there). */
  mentionsBot?: boolean;
  /** Mention the bot's managed role instead (`<@&role>`), as users sometimes pick it by mistake. */
  mentionsBotRole?: boolean;
  userId?: string;
  /** Send as a DM to the bot. */
  dm?: boolean;
  /** Make it a reply to this message (which must be known to the fake). */
  replyTo?: string;
  embeds?: unknown[];
}

export interface CreateThreadOpts {
  name?: string;
  parentId?: string;
  ownerId?: string;
  /** 11 public (default) or 12 private. */
  type?: number;
  /** Start it from this message (the thread gets the message's id, like Discord). */
  fromMessageId?: string;
}

export type ChannelSpec = string | { id: string; name?: string };

export interface FakeDiscordOptions {
  botUserId?: string;
  botUsername?: string;
  appId?: string;
  guildId?: string;
  guildName?: string;
  /** More guilds the bot is in, each with one text channel `general` (for sharding: each guild's events go to its shard). */
  moreGuildIds?: string[];
  /** The shard count GET /gateway/bot recommends (default 1), what `SHARDS=auto` starts. */
  shards?: number;
  /** Guild text channels (default: one, `general`). */
  channelIds?: ChannelSpec[];
  /** Default human user. */
  userId?: string;
  username?: string;
  /** HELLO heartbeat interval (default 1000 ms). */
  heartbeatMs?: number;
  /** When set, IDENTIFY/RESUME and `Authorization: Bot …` must carry this token (else 4004 / 401). */
  token?: string;
  /** Interaction callbacks later than this after the dispatch get 404 10062 (default 3000; Infinity to disable). */
  ackDeadlineMs?: number;
  /** Interaction tokens expire after this (default 15 min): webhook calls then get 401 50027. */
  tokenLifetimeMs?: number;
  /** Echo the bot's own non-ephemeral messages back as MESSAGE_CREATE/UPDATE/DELETE, like Discord (default true). */
  echoBotMessages?: boolean;
  /** Print protocol traffic (or set FAKE_DISCORD_DEBUG=1). */
  debug?: boolean | ((line: string) => void);
}

interface FailRule {
  match: (method: string, path: string) => boolean;
  remaining: number;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface Waiter {
  check: () => boolean;
}

interface InteractionState {
  id: string;
  token: string;
  kind: 'command' | 'autocomplete' | 'button';
  interactionType: number;
  name: string;
  channelId: string;
  guildId: string | null;
  user: ApiUser;
  sentAt: number;
  createdMs: number;
  acked: boolean;
  ackType: number | null;
  ephemeral: boolean;
  originalMessageId: string | null;
  followups: string[];
}

interface StoredCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  version: string;
  type: number;
  name: string;
  [k: string]: unknown;
}

interface Session {
  id: string;
  seq: number;
  log: Array<{ op: 0; t: string; s: number; d: unknown }>;
  socket: WebSocket | null;
  intents: number;
  shard: [number, number];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const Intents = {
  Guilds: 1 << 0,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
};
const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
const HAS_THREAD = 1 << 5;

type Handler = (req: RecordedRequest, params: Record<string, string>) => { status: number; body?: unknown };

/** The shard Discord sends a guild's events to: (guild_id >> 22) % shard count. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A new guild id that shard `shard` of `shardCount` owns. */
export function guildIdInShard(shard: number, shardCount: number): string {
  for (let ms = Date.now() - 500 * 86_400_000; ; ms++) {
    const id = snowflake(ms);
    if (shardOfGuild(id, shardCount) === shard) return id;
  }
}

function guildIdIn(d: unknown): string | undefined {
  const guildId = d !== null && typeof d === 'object' ? (d as { guild_id?: unknown }).guild_id : undefined;
  return typeof guildId === 'string' ? guildId : undefined;
}

// ---------------------------------------------------------------------------------------------

export class FakeDiscord {
  readonly botUserId: string;
  readonly appId: string;
  readonly guildId: string;
  /** Every guild the bot is in: guildId first, then moreGuildIds. */
  readonly guildIds: string[];
  readonly botRoleId: string;
  readonly channelIds: string[];
  readonly defaultUserId: string;
  readonly port: number;
  readonly apiBase: string;
  readonly cdnBase: string;
  readonly gatewayUrl: string;
  readonly resumeGatewayUrl: string;

  /** Every REST request, in arrival order, with the status answered. */
  readonly requests: RecordedRequest[] = [];
  /** Payloads that broke one of Discord's limits (answered 400 / 50035). */
  readonly limitViolations: LimitViolation[] = [];
  /** Message-creating/editing requests whose `allowed_mentions` was absent or not empty. */
  readonly mentionViolations: MentionViolation[] = [];
  /** Every 4xx the fake answered on its own (limit violations included), e.g. 10062 Unknown interaction. */
  readonly rejections: Rejection[] = [];
  /** Gateway frames in both directions (payloads omitted). */
  readonly gatewayFrames: GatewayFrame[] = [];
  /** The `d` of every IDENTIFY received. */
  readonly identifyPayloads: Array<Record<string, unknown>> = [];
  /** Application commands registered: key `global` or a guild id. */
  readonly commands = new Map<string, StoredCommand[]>();
  /** Callbacks later than this after the INTERACTION_CREATE get 404 10062 (mutable; Infinity disables). */
  ackDeadlineMs: number;
  /** Added to the real clock by advanceClock: a test makes time pass for the fake without waiting. */
  private clockOffsetMs = 0;
  /** Interaction tokens expire after this: webhook calls then get 401 50027 (mutable). */
  tokenLifetimeMs: number;

  private readonly opts: Required<Pick<FakeDiscordOptions, 'heartbeatMs' | 'echoBotMessages'>> & FakeDiscordOptions;
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly netSockets = new Set<Socket>();
  private readonly botUser: ApiUser;
  private readonly users = new Map<string, ApiUser>();
  private readonly channels = new Map<string, Record<string, unknown>>();
  private readonly dmChannels = new Map<string, string>(); // userId -> channelId
  private readonly messages = new Map<string, ApiMessage>();
  private readonly interactions = new Map<string, InteractionState>(); // by token
  private readonly failRules: FailRule[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly joinedAt = new Date(Date.now() - 86_400_000).toISOString();
  /** Gateway sessions by shard id; without sharding only shard 0. */
  private readonly sessions = new Map<number, Session>();
  private identifies = 0;
  private resumes = 0;
  private heartbeats = 0;
  private stopped = false;
  private readonly log: (line: string) => void;

  private constructor(server: Server, port: number, opts: FakeDiscordOptions) {
    this.server = server;
    this.port = port;
    this.opts = { heartbeatMs: 1000, echoBotMessages: true, ...opts };
    this.ackDeadlineMs = opts.ackDeadlineMs ?? 3000;
    this.tokenLifetimeMs = opts.tokenLifetimeMs ?? 15 * 60_000;
    const dbg = opts.debug ?? Boolean(process.env.FAKE_DISCORD_DEBUG);
    this.log = typeof dbg === 'function' ? dbg : dbg ? (l) => console.log(`[fake-discord] ${l}`) : () => {};
    this.botUserId = opts.botUserId ?? snowflake(Date.now() - 200 * 86_400_000);
    this.appId = opts.appId ?? this.botUserId;
    this.guildId = opts.guildId ?? snowflake(Date.now() - 300 * 86_400_000);
    this.botRoleId = snowflake(Date.now() - 100 * 86_400_000);
    this.defaultUserId = opts.userId ?? snowflake(Date.now() - 400 * 86_400_000);
    this.botUser = makeUser(this.botUserId, opts.botUsername ?? 'isnad', true);
    this.users.set(this.botUserId, this.botUser);
    this.users.set(this.defaultUserId, makeUser(this.defaultUserId, opts.username ?? 'tester'));
    const specs = opts.channelIds?.length ? opts.channelIds : [{ id: snowflake(Date.now() - 250 * 86_400_000), name: 'general' }];
    this.channelIds = specs.map((s, i) => {
      const id = typeof s === 'string' ? s : s.id;
      const name = typeof s === 'string' ? (i === 0 ? 'general' : `channel-${i + 1}`) : (s.name ?? `channel-${i + 1}`);
      this.channels.set(id, makeTextChannel(id, this.guildId, name, i));
      return id;
    });
    this.guildIds = [this.guildId, ...(opts.moreGuildIds ?? [])];
    for (const [i, guildId] of this.guildIds.slice(1).entries()) {
      const id = snowflake(Date.now() - 240 * 86_400_000 + i);
      this.channels.set(id, makeTextChannel(id, guildId, 'general', 0));
    }
    this.apiBase = `http://127.0.0.1:${port}/api`;
    this.cdnBase = `http://127.0.0.1:${port}/cdn`;
    this.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
    this.resumeGatewayUrl = `ws://127.0.0.1:${port}/gateway-resume`;

    this.wss = new WebSocketServer({ noServer: true });
    server.on('request', (req, res) => void this.onHttp(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (this.stopped || !url.pathname.startsWith('/gateway')) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onGatewayConnection(ws, url));
    });
    server.on('connection', (s: Socket) => {
      this.netSockets.add(s);
      s.on('close', () => this.netSockets.delete(s));
    });
  }

  /** Starts the fake on 127.0.0.1 on an ephemeral port. */
  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new FakeDiscord(server, port, opts);
  }

  // -------------------------------------------------------------------------------------------
  // Read-only state

  get identifyCount(): number {
    return this.identifies;
  }
  get resumeCount(): number {
    return this.resumes;
  }
  get heartbeatCount(): number {
    return this.heartbeats;
  }
  /** Id of the current gateway session (after IDENTIFY), or null. */
  get sessionId(): string | null {
    return this.session?.id ?? null;
  }
  /** The gateway sessions, one per shard that identified: its shard [id, count], whether its socket is open. */
  get shardSessions(): Array<{ shard: [number, number]; sessionId: string; connected: boolean }> {
    return [...this.sessions.values()].map((s) => ({
      shard: s.shard,
      sessionId: s.id,
      connected: s.socket?.readyState === WebSocket.OPEN,
    }));
  }
  /** The text channels of a guild (for the first guild: channelIds). */
  channelsOf(guildId: string): string[] {
    return [...this.channels.values()].filter((c) => c.guild_id === guildId && c.type === ChannelTypes.GuildText).map((c) => String(c.id));
  }
  /** Whether a client is connected and identified/resumed right now (shard 0's session). */
  get connected(): boolean {
    return this.session?.socket?.readyState === WebSocket.OPEN;
  }
  /** REST requests to routes the fake does not know (answered 404). */
  get unknownRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.route === null);
  }
  get user(): ApiUser {
    return this.botUser;
  }

  /** The callbacks and webhook requests (edits, follow-ups, fetches, deletes) for an interaction, in order. */
  messagesFor(interactionToken: string): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        r.route !== null &&
        (r.route.startsWith('POST /interactions/') || r.route.includes('/webhooks/')) &&
        r.path.split('/').includes(interactionToken),
    );
  }

  /** Current state of the interaction's original response message (after all edits), if any. */
  originalMessage(interactionToken: string): ApiMessage | undefined {
    const st = this.interactions.get(interactionToken);
    return st?.originalMessageId ? this.messages.get(st.originalMessageId) : undefined;
  }

  /** Follow-up messages of an interaction, current state. */
  followUps(interactionToken: string): ApiMessage[] {
    const st = this.interactions.get(interactionToken);
    return (st?.followups ?? []).map((id) => this.messages.get(id)).filter((m): m is ApiMessage => Boolean(m));
  }

  /** A message the fake knows (sent by a test user or by the bot), current state. */
  message(id: string): ApiMessage | undefined {
    return this.messages.get(id);
  }

  /** Messages the bot created (channel messages and interaction responses), optionally in one channel. */
  botMessages(channelId?: string): ApiMessage[] {
    return [...this.messages.values()].filter(
      (m) => (m.author as ApiUser | undefined)?.id === this.botUserId && (!channelId || m.channel_id === channelId),
    );
  }

  /** A channel object the fake knows (text channels, threads, DMs). */
  channel(id: string): Record<string, unknown> | undefined {
    return this.channels.get(id);
  }

  // -------------------------------------------------------------------------------------------
  // Waiting

  /**
   * Resolves with the first recorded request (already recorded or future) matching `pred`.
   * Filter on `r.at` to ignore older ones. Rejects after `timeoutMs`.
   */
  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitFor(() => this.requests.find(pred), timeoutMs, 'request');
  }

  /** The fake's clock (ms): performance.now(), plus what advanceClock added. Deadlines and timings read it. */
  now(): number {
    return performance.now() + this.clockOffsetMs;
  }

  /** Makes `ms` pass for the fake at once (an interaction acknowledged later than its deadline, without a sleep). */
  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** Resolves once `fn` returns something other than undefined/false (re-checked on every event and every 25 ms). */
  waitFor<T>(fn: () => T | undefined | false | null, timeoutMs = 5000, what = 'condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const first = fn();
      if (first !== undefined && first !== false && first !== null) {
        resolve(first);
        return;
      }
      const waiter: Waiter = {
        check: () => {
          if (this.stopped) {
            done();
            reject(new Error(`FakeDiscord stopped while waiting for ${what}`));
            return true;
          }
          const v = fn();
          if (v === undefined || v === false || v === null) return false;
          done();
          resolve(v);
          return true;
        },
      };
      const poll = setInterval(() => waiter.check(), 25);
      const timer = setTimeout(() => {
        done();
        reject(new Error(`FakeDiscord: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const done = (): void => {
        clearInterval(poll);
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
    });
  }

  /** Resolves when a client has identified (READY sent) or resumed. */
  waitForSession(timeoutMs = 10_000): Promise<string> {
    return this.waitFor(() => (this.session ? this.session.id : undefined), timeoutMs, 'a gateway session');
  }

  private notify(): void {
    for (const w of [...this.waiters]) w.check();
  }

  // -------------------------------------------------------------------------------------------
  // Failure injection and gateway control

  /** The next `count` requests matching `match` get 429 with `Retry-After` and `{message, retry_after, global:false}`. */
  failNextRequests(match: (method: string, path: string) => boolean, count: number, retryAfterSec: number): void {
    this.failRules.push({
      match,
      remaining: count,
      status: 429,
      headers: { 'retry-after': String(retryAfterSec), 'x-ratelimit-scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: retryAfterSec, global: false },
    });
  }

  /** The next `count` requests matching `match` get `status` with `body` (e.g. 500, 503; discord.js retries 5xx). */
  failNextRequestsWith(
    match: (method: string, path: string) => boolean,
    count: number,
    status: number,
    body: unknown = { message: 'Internal Server Error', code: 0 },
  ): void {
    this.failRules.push({ match, remaining: count, status, headers: {}, body });
  }

  /** Closes the current gateway socket with `code` (4000 → discord.js resumes; 1000 → it re-identifies). */
  closeGatewayWith(code: number, reason = ''): void {
    const ws = this.session?.socket;
    if (!ws) throw new Error('FakeDiscord: no gateway connection to close');
    this.log(`closing gateway with ${code}`);
    ws.close(code, reason);
  }

  /** Sends op 7 RECONNECT (the client should reconnect and resume). */
  sendReconnect(): void {
    this.sendFrame(this.requireSocket(), { op: 7, d: null, s: null, t: null });
  }

  /** Sends a dispatch (op 0, next sequence) with arbitrary data, e.g. a malformed payload. Returns the sequence. */
  sendRaw(dispatchType: string, data: unknown): number {
    return this.dispatch(dispatchType, data).s;
  }

  /** Sends a raw text frame (not even JSON, if you like) on the current socket. */
  sendRawFrame(frame: string): void {
    this.requireSocket().send(frame);
  }

  // -------------------------------------------------------------------------------------------
  // Things users do

  /** Sends a slash command (INTERACTION_CREATE type 2) or, with `autocomplete`, an autocomplete (type 4). */
  async sendCommand(name: string, options: CommandOption[] = [], opts: CommandOpts = {}): Promise<SentInteraction> {
    await this.waitForSession();
    const cmd = this.findCommand(name, opts.dm ? null : (this.guildOfChannel(opts.channelId ?? this.channelIds[0]!) ?? null));
    const registered = [...this.commands.values()].some((l) => l.length > 0);
    if (registered && !cmd) {
      throw new Error(`FakeDiscord: command "${name}" is not registered (Discord would not offer it)`);
    }
    if (cmd) checkOptionsAgainst(name, options, cmd.options);
    if (opts.autocomplete && !hasFocused(options)) {
      throw new Error('FakeDiscord: an autocomplete interaction needs one option with focused: true');
    }
    const data: Record<string, unknown> = { id: cmd?.id ?? snowflake(), name, type: 1 };
    if (cmd?.guild_id) data.guild_id = cmd.guild_id;
    if (options.length) data.options = options;
    if (opts.resolved) data.resolved = opts.resolved;
    const type = opts.autocomplete ? 4 : 2;
    return this.sendInteraction(type, opts.autocomplete ? 'autocomplete' : 'command', name, data, opts);
  }

  /** Sends a button click (INTERACTION_CREATE type 3) on `message` (an id the fake knows, or a full message object). */
  async sendButton(customId: string, message: string | { id: string }, opts: InteractionOpts = {}): Promise<SentInteraction> {
    await this.waitForSession();
    const id = typeof message === 'string' ? message : message.id;
    const msg = this.messages.get(id) ?? (typeof message === 'object' && 'channel_id' in message ? (message as ApiMessage) : undefined);
    if (!msg) throw new Error(`FakeDiscord: unknown message ${id} for a button interaction`);
    const dm = opts.dm ?? !msg.guild_id;
    return this.sendInteraction(
      3,
      'button',
      customId,
      { custom_id: customId, component_type: 2 },
      { ...opts, dm, channelId: opts.channelId ?? msg.channel_id },
      msg,
    );
  }

  /** A user posts a message (MESSAGE_CREATE). Not delivered when the bot's intents exclude it, like Discord. */
  async sendMessage(content: string, opts: SendMessageOpts = {}): Promise<SentMessage> {
    await this.waitForSession();
    const user = this.userFor(opts.userId);
    const id = snowflake();
    let channelId: string;
    let guildId: string | undefined;
    if (opts.dm) {
      channelId = this.dmChannelFor(user);
    } else {
      channelId = opts.channelId ?? this.channelIds[0]!;
      const ch = this.channels.get(channelId);
      if (!ch) throw new Error(`FakeDiscord: unknown channel ${channelId}`);
      guildId = this.guildOfChannel(channelId);
    }
    const mentions: unknown[] = [];
    const mentionRoles: string[] = [];
    const mentionText = `<@${this.botUserId}>`;
    const mentionsBot = opts.mentionsBot ?? (content.includes(mentionText) || content.includes(`<@!${this.botUserId}>`));
    if (mentionsBot) {
      if (!content.includes(mentionText) && !content.includes(`<@!${this.botUserId}>`)) content = `${mentionText} ${content}`;
      mentions.push(guildId ? { ...this.botUser, member: this.memberOf(this.botUserId, false) } : this.botUser);
    }
    if (opts.mentionsBotRole) {
      const roleText = `<@&${this.botRoleId}>`;
      if (!content.includes(roleText)) content = `${roleText} ${content}`;
      mentionRoles.push(this.botRoleId);
    }
    let reference: Record<string, unknown> | undefined;
    let referenced: ApiMessage | undefined;
    if (opts.replyTo) {
      referenced = this.messages.get(opts.replyTo);
      if (!referenced) throw new Error(`FakeDiscord: unknown message ${opts.replyTo} to reply to`);
      reference = { type: 0, message_id: referenced.id, channel_id: referenced.channel_id, ...(guildId ? { guild_id: guildId } : {}) };
    }
    const msg = makeMessage({
      id,
      channelId,
      guildId,
      author: user,
      member: guildId ? this.memberOf(user.id, false) : undefined,
      content,
      embeds: opts.embeds,
      mentions,
      mentionRoles,
      type: reference ? 19 : 0,
      messageReference: reference,
      referencedMessage: referenced,
      nonce: snowflake(),
    });
    this.messages.set(id, msg);
    this.bumpChannel(channelId, id);

    const intents = this.sessionFor(guildId)?.intents ?? 0;
    const needed = guildId ? Intents.GuildMessages : Intents.DirectMessages;
    const delivered = (intents & needed) !== 0;
    let sentAt = this.now();
    if (delivered) {
      let payload: ApiMessage = msg;
      const mentioned = mentionsBot;
      if (guildId && !(intents & Intents.MessageContent) && !mentioned) {
        // Without the MessageContent intent Discord blanks these fields (except DMs and mentions).
        payload = { ...msg, content: '', embeds: [], attachments: [], components: [] };
        if ('poll' in payload) delete payload.poll;
      }
      sentAt = this.dispatch('MESSAGE_CREATE', payload).sentAt;
    } else {
      this.log(`MESSAGE_CREATE ${id} not delivered: intents ${intents} lack ${needed}`);
    }
    return { id, message: msg, delivered, sentAt };
  }

  /** Someone creates a thread in the guild (THREAD_CREATE), so later messages in it are cached by the client. */
  async createThread(opts: CreateThreadOpts = {}): Promise<Record<string, unknown>> {
    await this.waitForSession();
    const parentId = opts.parentId ?? this.channelIds[0]!;
    if (!this.channels.has(parentId)) throw new Error(`FakeDiscord: unknown parent channel ${parentId}`);
    const owner = this.userFor(opts.ownerId);
    const id = opts.fromMessageId ?? snowflake();
    if (opts.fromMessageId) {
      const m = this.messages.get(opts.fromMessageId);
      if (!m) throw new Error(`FakeDiscord: unknown message ${opts.fromMessageId}`);
      if (this.channels.has(id)) throw new Error('FakeDiscord: a thread already exists for this message');
    }
    const thread = makeThreadChannel({
      id,
      guildId: this.guildOfChannel(parentId) ?? this.guildId,
      parentId,
      ownerId: owner.id,
      name: opts.name ?? 'thread',
      type: opts.type,
    });
    this.channels.set(id, thread);
    if (opts.fromMessageId) this.markThreadStarter(opts.fromMessageId, thread);
    this.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return thread;
  }

  // -------------------------------------------------------------------------------------------
  // Shutdown

  /** Closes every socket and the server; pending waits reject. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.notify();
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    for (const s of this.netSockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ===========================================================================================
  // Internals: users, members, channels

  private userFor(userId?: string): ApiUser {
    const id = userId ?? this.defaultUserId;
    let u = this.users.get(id);
    if (!u) {
      u = makeUser(id, `user${id.slice(-4)}`);
      this.users.set(id, u);
    }
    return u;
  }

  private memberOf(userId: string, withUser = true): ApiMember {
    const roles = userId === this.botUserId ? [this.botRoleId] : [];
    return makeMember(withUser ? this.userFor(userId) : undefined, roles, this.joinedAt);
  }

  private botPermissions(): string {
    return (BigInt(EVERYONE_PERMISSIONS) | Perm.SendMessages | Perm.EmbedLinks | Perm.ReadMessageHistory).toString();
  }

  private dmChannelFor(user: ApiUser): string {
    let id = this.dmChannels.get(user.id);
    if (!id) {
      id = snowflake();
      this.dmChannels.set(user.id, id);
      this.channels.set(id, makeDmChannel(id, user));
    }
    return id;
  }

  private bumpChannel(channelId: string, messageId: string): void {
    const ch = this.channels.get(channelId);
    if (ch) ch.last_message_id = messageId;
  }

  private markThreadStarter(messageId: string, thread: Record<string, unknown>): void {
    const m = this.messages.get(messageId);
    if (!m) return;
    m.flags = m.flags | HAS_THREAD;
    m.thread = thread;
  }

  private findCommand(name: string, guildId: string | null): StoredCommand | undefined {
    const inGuild = guildId ? this.commands.get(guildId)?.find((c) => c.name === name && c.type === 1) : undefined;
    return inGuild ?? this.commands.get('global')?.find((c) => c.name === name && c.type === 1);
  }

  private guildPayload(guildId = this.guildId): Record<string, unknown> {
    const everyone = makeRole(guildId, '@everyone', EVERYONE_PERMISSIONS, 0);
    const botRole = makeRole(this.botRoleId, this.botUser.username, this.botPermissions(), 1, this.botUserId);
    const textChannels = this.channelsOf(guildId).map((id) => {
      const { guild_id: _g, ...rest } = this.channels.get(id)!;
      return rest;
    });
    const threads = [...this.channels.values()].filter(
      (c) => c.guild_id === guildId && (c.type === ChannelTypes.PublicThread || c.type === ChannelTypes.PrivateThread),
    );
    const humans = [...this.users.values()].filter((u) => u.id !== this.botUserId);
    return {
      id: guildId,
      name: guildId === this.guildId ? (this.opts.guildName ?? 'isnad-test') : `isnad-test-${guildId.slice(-4)}`,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: this.defaultUserId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      nsfw: false,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: 'en-US',
      features: [],
      application_id: null,
      system_channel_id: this.channelsOf(guildId)[0],
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      max_members: 500_000,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      vanity_url_code: null,
      hub_type: null,
      incidents_data: null,
      latest_onboarding_question_id: null,
      joined_at: this.joinedAt,
      large: false,
      unavailable: false,
      lazy: true,
      member_count: 1 + humans.length,
      roles: [everyone, botRole],
      emojis: [],
      stickers: [],
      soundboard_sounds: [],
      members: [this.memberOf(this.botUserId), ...humans.map((u) => this.memberOf(u.id))],
      channels: textChannels,
      threads,
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      embedded_activities: [],
      activity_instances: [],
      version: Date.now(),
    };
  }

  private applicationPayload(): Record<string, unknown> {
    return {
      id: this.appId,
      name: this.botUser.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: randomBytes(32).toString('hex'),
      flags: 0,
      hook: true,
      is_monetized: false,
      is_verified: false,
      is_discoverable: false,
      storefront_available: false,
      integration_types_config: { '0': {} },
      owner: this.userFor(this.defaultUserId),
      team: null,
      bot: this.botUser,
      tags: [],
      redirect_uris: [],
      interactions_endpoint_url: null,
      approximate_guild_count: 1,
    };
  }

  // ===========================================================================================
  // Internals: gateway

  /** Shard 0's session: the only one without sharding, and the one DMs go to. */
  private get session(): Session | null {
    return this.sessions.get(0) ?? null;
  }

  /** The session of the shard that owns a guild, as Discord routes: (guild_id >> 22) % shard count; DMs to shard 0. */
  private sessionFor(guildId: string | undefined): Session | null {
    const count = this.session?.shard[1] ?? [...this.sessions.values()][0]?.shard[1] ?? 1;
    return this.sessions.get(guildId ? shardOfGuild(guildId, count) : 0) ?? null;
  }

  private guildOfChannel(channelId: string): string | undefined {
    const guildId = this.channels.get(channelId)?.guild_id;
    return typeof guildId === 'string' ? guildId : undefined;
  }

  private requireSocket(): WebSocket {
    const ws = this.session?.socket;
    if (!ws || ws.readyState !== WebSocket.OPEN) throw new Error('FakeDiscord: no open gateway connection');
    return ws;
  }

  /** IDENTIFY and RESUME are refused on a socket that already has a session, or with the wrong token. */
  private refusesSession(ws: WebSocket, authed: boolean, d: Record<string, unknown>): boolean {
    if (authed) ws.close(4005, 'Already authenticated');
    else if (this.opts.token !== undefined && d.token !== this.opts.token) ws.close(4004, 'Authentication failed');
    else return false;
    return true;
  }

  private sendFrame(ws: WebSocket, frame: { op: number; d: unknown; s: number | null; t: string | null }): void {
    this.gatewayFrames.push({ dir: 'out', op: frame.op, t: frame.t, s: frame.s, at: this.now() });
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  }

  /** Queues a dispatch in the session log (by default of the shard owning d.guild_id) and sends it if a client is attached. */
  private dispatch(t: string, d: unknown, session = this.sessionFor(guildIdIn(d))): { s: number; sentAt: number } {
    if (!session) throw new Error(`FakeDiscord: no gateway session to dispatch ${t} to`);
    const s = ++session.seq;
    const frame = { op: 0 as const, t, s, d };
    session.log.push(frame);
    const sentAt = this.now();
    if (session.socket && session.socket.readyState === WebSocket.OPEN) {
      this.sendFrame(session.socket, frame);
      this.log(`→ ${t} s=${s}`);
    } else {
      this.log(`queued ${t} s=${s} (no socket)`);
    }
    this.notify();
    return { s, sentAt };
  }

  private onGatewayConnection(ws: WebSocket, url: URL): void {
    this.sockets.add(ws);
    let authed = false;
    this.log(`gateway connection ${url.pathname}${url.search}`);
    ws.on('close', (code) => {
      this.sockets.delete(ws);
      for (const session of this.sessions.values()) if (session.socket === ws) session.socket = null;
      this.log(`gateway socket closed (${code})`);
      this.notify();
    });
    ws.on('error', () => {});
    if (url.searchParams.get('v') !== '10') {
      ws.close(4012, 'Invalid API version');
      return;
    }
    if (url.searchParams.get('encoding') !== 'json' || url.searchParams.has('compress')) {
      // The fake speaks plain JSON only.
      ws.close(4002, 'Only uncompressed JSON is supported by the fake');
      return;
    }
    this.sendFrame(ws, { op: 10, d: { heartbeat_interval: this.opts.heartbeatMs, _trace: ['fake-discord'] }, s: null, t: null });

    ws.on('message', (raw: RawData, isBinary: boolean) => {
      let payload: { op?: unknown; d?: unknown };
      try {
        payload = JSON.parse(isBinary ? Buffer.from(raw as Buffer).toString('utf8') : raw.toString()) as { op?: unknown; d?: unknown };
      } catch {
        ws.close(4002, 'Decode error');
        return;
      }
      const op = typeof payload.op === 'number' ? payload.op : -1;
      this.gatewayFrames.push({ dir: 'in', op, t: null, s: null, at: this.now() });
      const d = (payload.d ?? {}) as Record<string, unknown>;
      switch (op) {
        case 1:
          this.heartbeats++;
          this.sendFrame(ws, { op: 11, d: null, s: null, t: null });
          return;
        case 2:
          if (this.refusesSession(ws, authed, d)) return;
          authed = true;
          this.onIdentify(ws, d);
          return;
        case 6:
          if (this.refusesSession(ws, authed, d)) return;
          authed = this.onResume(ws, d);
          return;
        case 3:
        case 4:
        case 31:
          if (!authed) ws.close(4003, 'Not authenticated');
          return;
        case 8:
          if (!authed) {
            ws.close(4003, 'Not authenticated');
            return;
          }
          this.dispatch('GUILD_MEMBERS_CHUNK', {
            guild_id: typeof d.guild_id === 'string' ? d.guild_id : this.guildId,
            members: [...this.users.keys()].map((id) => this.memberOf(id)),
            chunk_index: 0,
            chunk_count: 1,
            nonce: d.nonce,
          });
          return;
        default:
          ws.close(4001, 'Unknown opcode');
      }
    });
  }

  private onIdentify(ws: WebSocket, d: Record<string, unknown>): void {
    this.identifies++;
    this.identifyPayloads.push(d);
    const shard = (Array.isArray(d.shard) ? d.shard : [0, 1]) as [number, number];
    const old = this.sessions.get(shard[0])?.socket;
    if (old && old !== ws && old.readyState === WebSocket.OPEN) old.close(4009, 'Session replaced');
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      seq: 0,
      log: [],
      socket: ws,
      intents: typeof d.intents === 'number' ? d.intents : 0,
      shard,
    };
    this.sessions.set(shard[0], session);
    const guilds = this.guildIds.filter((id) => shardOfGuild(id, shard[1]) === shard[0]);
    this.log(`IDENTIFY shard ${shard.join('/')} intents=${String(d.intents)} → session ${session.id}`);
    this.dispatch(
      'READY',
      {
        v: 10,
        user_settings: {},
        user: { ...this.botUser, verified: true, mfa_enabled: false, email: null, flags: 0 },
        guilds: guilds.map((id) => ({ id, unavailable: true })),
        session_id: session.id,
        session_type: 'normal',
        resume_gateway_url: this.resumeGatewayUrl,
        shard,
        application: { id: this.appId, flags: 0 },
        private_channels: [],
        relationships: [],
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: ['fake'],
        auth: {},
        _trace: ['fake-discord'],
      },
      session,
    );
    for (const id of guilds) this.dispatch('GUILD_CREATE', this.guildPayload(id), session);
  }

  private onResume(ws: WebSocket, d: Record<string, unknown>): boolean {
    const session = [...this.sessions.values()].find((s) => s.id === d.session_id);
    if (!session || typeof d.seq !== 'number' || d.seq > session.seq) {
      this.log(`RESUME refused (session ${String(d.session_id)})`);
      this.sendFrame(ws, { op: 9, d: false, s: null, t: null });
      return false;
    }
    this.resumes++;
    const old = session.socket;
    if (old && old !== ws && old.readyState === WebSocket.OPEN) old.close(4009, 'Session resumed elsewhere');
    session.socket = ws;
    const missed = session.log.filter((f) => f.s > (d.seq as number));
    this.log(`RESUME from seq ${d.seq}: replaying ${missed.length}`);
    for (const f of missed) this.sendFrame(ws, f);
    this.dispatch('RESUMED', { _trace: ['fake-discord'] }, session);
    return true;
  }

  private sendInteraction(
    type: number,
    kind: InteractionState['kind'],
    name: string,
    data: Record<string, unknown>,
    opts: InteractionOpts,
    message?: ApiMessage,
  ): SentInteraction {
    const locale = opts.locale ?? 'en-US';
    if (!DISCORD_LOCALES.has(locale)) {
      throw new Error(`FakeDiscord: "${locale}" is not a Discord locale; Discord never sends it (there is no Arabic locale)`);
    }
    const user = this.userFor(opts.userId);
    const id = snowflake();
    const token = interactionToken();
    const payload: Record<string, unknown> = {
      id,
      application_id: this.appId,
      type,
      data,
      token,
      version: 1,
      locale,
      entitlements: [],
      app_permissions: this.botPermissions(),
      attachment_size_limit: 10 * 1024 * 1024,
    };
    let channelId: string;
    if (opts.dm) {
      channelId = this.dmChannelFor(user);
      payload.user = user;
      payload.context = 1;
      payload.authorizing_integration_owners = { '0': '0' };
      payload.channel = this.channels.get(channelId);
    } else {
      channelId = opts.channelId ?? this.channelIds[0]!;
      const ch = this.channels.get(channelId);
      if (!ch) throw new Error(`FakeDiscord: unknown channel ${channelId}`);
      const guildId = this.guildOfChannel(channelId) ?? this.guildId;
      payload.guild_id = guildId;
      payload.guild_locale = 'en-US';
      payload.guild = { id: guildId, locale: 'en-US', features: [] };
      payload.member = { ...this.memberOf(user.id), permissions: opts.memberPermissions ?? EVERYONE_PERMISSIONS };
      payload.context = 0;
      payload.authorizing_integration_owners = { '0': guildId };
      payload.channel = { ...ch, guild_id: guildId };
    }
    payload.channel_id = channelId;
    if (message) payload.message = message;
    const state: InteractionState = {
      id,
      token,
      kind,
      interactionType: type,
      name,
      channelId,
      guildId: opts.dm ? null : (this.guildOfChannel(channelId) ?? this.guildId),
      user,
      sentAt: 0,
      createdMs: Date.now(),
      acked: false,
      ackType: null,
      ephemeral: false,
      originalMessageId: message ? message.id : null,
      followups: [],
    };
    this.interactions.set(token, state);
    const { s, sentAt } = this.dispatch('INTERACTION_CREATE', payload);
    state.sentAt = sentAt;
    return { id, token, sentAt, seq: s };
  }

  // ===========================================================================================
  // Internals: REST

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = this.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req).catch(() => Buffer.alloc(0));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    const segments = url.pathname.split('/').map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
    // Drop `/api` and `/vNN`.
    let rest = segments.slice(1);
    if (rest[0] === 'api') rest = rest.slice(1);
    if (rest[0] && /^v\d+$/.test(rest[0])) rest = rest.slice(1);
    const path = '/' + rest.join('/');
    const { body, files } = await parseBody(raw, headers['content-type'] ?? '');
    const method = (req.method ?? 'GET').toUpperCase();
    const rec: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      files,
      headers,
      at,
      status: 0,
      route: null,
      injected: false,
    };

    let status = 500;
    let out: unknown = undefined;
    let extraHeaders: Record<string, string> = {};
    const rule = this.failRules.find((r) => r.remaining > 0 && r.match(method, path));
    if (rule) {
      rule.remaining--;
      rec.injected = true;
      rec.route = this.matchRoute(method, rest)?.template ?? null;
      status = rule.status;
      out = rule.body;
      extraHeaders = rule.headers;
      this.log(`${method} ${path} → injected ${status}`);
    } else {
      const m = this.matchRoute(method, rest);
      try {
        if (!m) {
          throw new HttpError(404, 0, '404: Not Found');
        }
        rec.route = m.template;
        if (m.auth) this.checkAuth(headers);
        const r = m.handler(rec, m.params);
        status = r.status;
        out = r.body;
      } catch (err) {
        if (err instanceof HttpError) {
          status = err.status;
          out = { message: err.message, code: err.code, ...err.extra };
          this.rejections.push({ method, path, status, code: err.code, message: err.message, at });
        } else {
          status = 500;
          out = { message: `fake-discord internal error: ${String(err)}`, code: 0 };
          this.log(`internal error on ${method} ${path}: ${String((err as Error)?.stack ?? err)}`);
        }
      }
      this.log(`${method} ${path} → ${status}`);
    }
    rec.status = status;
    this.requests.push(rec);
    if (status === 204 || out === undefined) {
      res.writeHead(status === 200 && out === undefined ? 204 : status, extraHeaders);
      res.end();
    } else {
      res.writeHead(status, { 'content-type': 'application/json', ...extraHeaders });
      res.end(JSON.stringify(out));
    }
    this.notify();
  }

  private checkAuth(headers: Record<string, string>): void {
    const auth = headers.authorization;
    const ok = auth?.startsWith('Bot ') && (this.opts.token === undefined || auth === `Bot ${this.opts.token}`);
    if (!ok) throw new HttpError(401, 0, '401: Unauthorized');
  }

  private routes: Array<{ method: string; parts: string[]; auth: boolean; handler: Handler }> = [
    // Gateway / identity
    { method: 'GET', parts: ['gateway', 'bot'], auth: true, handler: () => ({ status: 200, body: this.gatewayBot() }) },
    { method: 'GET', parts: ['gateway'], auth: false, handler: () => ({ status: 200, body: { url: this.gatewayUrl } }) },
    { method: 'GET', parts: ['users', '@me'], auth: true, handler: () => ({ status: 200, body: this.botUser }) },
    { method: 'GET', parts: ['users', ':user'], auth: true, handler: (_r, p) => ({ status: 200, body: this.knownUser(p.user!) }) },
    { method: 'GET', parts: ['applications', '@me'], auth: true, handler: () => ({ status: 200, body: this.applicationPayload() }) },
    {
      method: 'GET',
      parts: ['oauth2', 'applications', '@me'],
      auth: true,
      handler: () => ({ status: 200, body: this.applicationPayload() }),
    },
    // Commands
    { method: 'GET', parts: ['applications', ':app', 'commands'], auth: true, handler: (_r, p) => this.listCommands(p.app!, 'global') },
    { method: 'PUT', parts: ['applications', ':app', 'commands'], auth: true, handler: (r, p) => this.putCommands(r, p.app!, 'global') },
    { method: 'POST', parts: ['applications', ':app', 'commands'], auth: true, handler: (r, p) => this.postCommand(r, p.app!, 'global') },
    {
      method: 'DELETE',
      parts: ['applications', ':app', 'commands', ':cmd'],
      auth: true,
      handler: (_r, p) => this.deleteCommand(p.app!, 'global', p.cmd!),
    },
    {
      method: 'GET',
      parts: ['applications', ':app', 'guilds', ':guild', 'commands'],
      auth: true,
      handler: (_r, p) => this.listCommands(p.app!, this.guildKey(p.guild!)),
    },
    {
      method: 'PUT',
      parts: ['applications', ':app', 'guilds', ':guild', 'commands'],
      auth: true,
      handler: (r, p) => this.putCommands(r, p.app!, this.guildKey(p.guild!)),
    },
    {
      method: 'POST',
      parts: ['applications', ':app', 'guilds', ':guild', 'commands'],
      auth: true,
      handler: (r, p) => this.postCommand(r, p.app!, this.guildKey(p.guild!)),
    },
    {
      method: 'DELETE',
      parts: ['applications', ':app', 'guilds', ':guild', 'commands', ':cmd'],
      auth: true,
      handler: (_r, p) => this.deleteCommand(p.app!, this.guildKey(p.guild!), p.cmd!),
    },
    // Interactions
    {
      method: 'POST',
      parts: ['interactions', ':id', ':token', 'callback'],
      auth: false,
      handler: (r, p) => this.interactionCallback(r, p.id!, p.token!),
    },
    { method: 'POST', parts: ['webhooks', ':app', ':token'], auth: false, handler: (r, p) => this.webhookExecute(r, p.app!, p.token!) },
    {
      method: 'GET',
      parts: ['webhooks', ':app', ':token', 'messages', ':message'],
      auth: false,
      handler: (_r, p) => this.webhookGet(p.app!, p.token!, p.message!),
    },
    {
      method: 'PATCH',
      parts: ['webhooks', ':app', ':token', 'messages', ':message'],
      auth: false,
      handler: (r, p) => this.webhookEdit(r, p.app!, p.token!, p.message!),
    },
    {
      method: 'DELETE',
      parts: ['webhooks', ':app', ':token', 'messages', ':message'],
      auth: false,
      handler: (_r, p) => this.webhookDelete(p.app!, p.token!, p.message!),
    },
    // Channels
    {
      method: 'GET',
      parts: ['channels', ':channel'],
      auth: true,
      handler: (_r, p) => ({ status: 200, body: this.knownChannel(p.channel!) }),
    },
    {
      method: 'POST',
      parts: ['channels', ':channel', 'messages'],
      auth: true,
      handler: (r, p) => this.createChannelMessage(r, p.channel!),
    },
    {
      method: 'GET',
      parts: ['channels', ':channel', 'messages', ':message'],
      auth: true,
      handler: (_r, p) => ({ status: 200, body: this.knownMessage(p.channel!, p.message!) }),
    },
    {
      method: 'PATCH',
      parts: ['channels', ':channel', 'messages', ':message'],
      auth: true,
      handler: (r, p) => this.editChannelMessage(r, p.channel!, p.message!),
    },
    {
      method: 'DELETE',
      parts: ['channels', ':channel', 'messages', ':message'],
      auth: true,
      handler: (_r, p) => this.deleteChannelMessage(p.channel!, p.message!),
    },
    {
      method: 'POST',
      parts: ['channels', ':channel', 'typing'],
      auth: true,
      handler: (_r, p) => (this.knownChannel(p.channel!), { status: 204 }),
    },
    {
      method: 'PUT',
      parts: ['channels', ':channel', 'messages', ':message', 'reactions', ':emoji', '@me'],
      auth: true,
      handler: (_r, p) => (this.knownMessage(p.channel!, p.message!), { status: 204 }),
    },
    {
      method: 'DELETE',
      parts: ['channels', ':channel', 'messages', ':message', 'reactions', ':emoji', '@me'],
      auth: true,
      handler: (_r, p) => (this.knownMessage(p.channel!, p.message!), { status: 204 }),
    },
    {
      method: 'POST',
      parts: ['channels', ':channel', 'messages', ':message', 'threads'],
      auth: true,
      handler: (r, p) => this.startThread(r, p.channel!, p.message!),
    },
    { method: 'POST', parts: ['channels', ':channel', 'threads'], auth: true, handler: (r, p) => this.startThread(r, p.channel!, null) },
    {
      method: 'PUT',
      parts: ['channels', ':channel', 'thread-members', '@me'],
      auth: true,
      handler: (_r, p) => (this.knownChannel(p.channel!), { status: 204 }),
    },
    // Guild
    {
      method: 'GET',
      parts: ['guilds', ':guild'],
      auth: true,
      handler: (_r, p) => ({ status: 200, body: this.guildPayload(this.guildKey(p.guild!)) }),
    },
    {
      method: 'GET',
      parts: ['guilds', ':guild', 'channels'],
      auth: true,
      handler: (_r, p) => ({ status: 200, body: this.channelsOf(this.guildKey(p.guild!)).map((id) => this.channels.get(id)) }),
    },
    {
      method: 'GET',
      parts: ['guilds', ':guild', 'members', ':user'],
      auth: true,
      handler: (_r, p) => (this.guildKey(p.guild!), { status: 200, body: this.memberOf(this.knownUser(p.user!).id) }),
    },
    {
      method: 'GET',
      parts: ['guilds', ':guild', 'roles'],
      auth: true,
      handler: (_r, p) => ({ status: 200, body: this.guildPayload(this.guildKey(p.guild!)).roles }),
    },
  ];

  private matchRoute(
    method: string,
    parts: string[],
  ): { template: string; params: Record<string, string>; auth: boolean; handler: Handler } | null {
    for (const r of this.routes) {
      if (r.method !== method || r.parts.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const want = r.parts[i]!;
        const got = parts[i]!;
        if (want.startsWith(':')) {
          if (got === '' || (got.startsWith('@') && want !== ':message')) {
            ok = false;
            break;
          }
          params[want.slice(1)] = got;
        } else if (want !== got) {
          ok = false;
          break;
        }
      }
      if (ok) return { template: `${r.method} /${r.parts.join('/')}`, params, auth: r.auth, handler: r.handler };
    }
    return null;
  }

  private gatewayBot(): Record<string, unknown> {
    return {
      url: this.gatewayUrl,
      shards: this.opts.shards ?? 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    };
  }

  private knownUser(id: string): ApiUser {
    const u = this.users.get(id);
    if (!u) throw new HttpError(404, 10013, 'Unknown User');
    return u;
  }

  private knownChannel(id: string): Record<string, unknown> {
    const ch = this.channels.get(id);
    if (!ch) throw new HttpError(404, 10003, 'Unknown Channel');
    return ch;
  }

  private knownMessage(channelId: string, messageId: string): ApiMessage {
    this.knownChannel(channelId);
    const m = this.messages.get(messageId);
    if (!m || m.channel_id !== channelId) throw new HttpError(404, 10008, 'Unknown Message');
    return m;
  }

  private guildKey(guildId: string): string {
    if (!this.guildIds.includes(guildId)) throw new HttpError(403, 50001, 'Missing Access');
    return guildId;
  }

  private checkApp(appId: string, forWebhook: boolean): void {
    if (appId !== this.appId) {
      if (forWebhook) throw new HttpError(404, 10015, 'Unknown Webhook');
      throw new HttpError(403, 50001, 'Missing Access');
    }
  }

  /** Records limit problems and throws the 400 Discord would answer. */
  private enforce(rec: RecordedRequest, problems: Problem[]): void {
    if (problems.length === 0) return;
    for (const p of problems) this.limitViolations.push({ ...p, method: rec.method, path: rec.path, at: rec.at });
    if (problems.every((p) => p.code === '50006')) throw new HttpError(400, 50006, 'Cannot send an empty message');
    const { code, message, errors } = invalidFormBody(problems);
    throw new HttpError(400, code, message, { errors });
  }

  /** Records a mention violation unless allowed_mentions is present and pings nobody. */
  private checkMentions(rec: RecordedRequest, body: unknown): void {
    const am = isObj(body) ? body.allowed_mentions : undefined;
    const reason = mentionProblem(am);
    if (reason) {
      this.mentionViolations.push({ method: rec.method, path: rec.path, allowedMentions: am, reason, at: rec.at });
    }
  }

  // ---- commands

  private listCommands(app: string, key: string): { status: number; body: unknown } {
    this.checkApp(app, false);
    return { status: 200, body: this.commands.get(key) ?? [] };
  }

  private storeCommand(app: string, key: string, raw: Record<string, unknown>, existing: StoredCommand[]): StoredCommand {
    const type = typeof raw.type === 'number' ? raw.type : 1;
    const prev = existing.find((c) => c.name === raw.name && c.type === type);
    return {
      default_member_permissions: null,
      dm_permission: true,
      nsfw: false,
      contexts: null,
      integration_types: [0],
      description: '',
      ...raw,
      id: prev?.id ?? snowflake(),
      application_id: app,
      ...(key === 'global' ? {} : { guild_id: key }),
      version: snowflake(),
      type,
      name: String(raw.name),
    };
  }

  private putCommands(rec: RecordedRequest, app: string, key: string): { status: number; body: unknown } {
    this.checkApp(app, false);
    this.enforce(rec, checkCommands(rec.body));
    const existing = this.commands.get(key) ?? [];
    const stored = (rec.body as Array<Record<string, unknown>>).map((c) => this.storeCommand(app, key, c, existing));
    this.commands.set(key, stored);
    return { status: 200, body: stored };
  }

  private postCommand(rec: RecordedRequest, app: string, key: string): { status: number; body: unknown } {
    this.checkApp(app, false);
    this.enforce(rec, checkCommands([rec.body]));
    const existing = this.commands.get(key) ?? [];
    const cmd = this.storeCommand(app, key, rec.body as Record<string, unknown>, existing);
    const others = existing.filter((c) => c.id !== cmd.id);
    this.commands.set(key, [...others, cmd]);
    return { status: existing.some((c) => c.id === cmd.id) ? 200 : 201, body: cmd };
  }

  private deleteCommand(app: string, key: string, id: string): { status: number } {
    this.checkApp(app, false);
    const list = this.commands.get(key) ?? [];
    if (!list.some((c) => c.id === id)) throw new HttpError(404, 10063, 'Unknown application command');
    this.commands.set(
      key,
      list.filter((c) => c.id !== id),
    );
    return { status: 204 };
  }

  // ---- interactions

  private interactionCallback(rec: RecordedRequest, id: string, token: string): { status: number; body?: unknown } {
    const st = this.interactions.get(token);
    if (!st || st.id !== id) throw new HttpError(404, 10062, 'Unknown interaction');
    const late = this.now() - st.sentAt;
    if (late > this.ackDeadlineMs) {
      throw new HttpError(
        404,
        10062,
        `Unknown interaction (acknowledged ${Math.round(late)} ms after it was sent; the deadline is ${this.ackDeadlineMs} ms)`,
      );
    }
    if (st.acked) throw new HttpError(400, 40060, 'Interaction has already been acknowledged.');
    const body = isObj(rec.body) ? rec.body : {};
    const type = body.type;
    const data = isObj(body.data) ? body.data : undefined;
    const allowed: Record<InteractionState['kind'], number[]> = {
      command: [4, 5, 9, 12],
      autocomplete: [8],
      button: [4, 5, 6, 7, 9, 12],
    };
    if (typeof type !== 'number' || !allowed[st.kind].includes(type)) {
      throw new HttpError(400, 50035, 'Invalid Form Body', {
        errors: {
          type: {
            _errors: [
              {
                code: 'INTERACTION_RESPONSE_TYPE_INVALID',
                message: `Callback type ${String(type)} is not valid for a ${st.kind} interaction`,
              },
            ],
          },
        },
      });
    }
    const flags = typeof data?.flags === 'number' ? data.flags : 0;
    let resource: Record<string, unknown> | undefined;
    switch (type) {
      case 4: {
        this.checkMentions(rec, data);
        this.enforce(rec, checkMessagePayload(data, { requireNonEmpty: true, fileCount: rec.files.length }));
        st.ephemeral = (flags & EPHEMERAL) !== 0;
        const msg = this.interactionMessage(st, data ?? {}, st.kind === 'command' ? 20 : 19, st.ephemeral ? EPHEMERAL : 0, rec.files);
        st.originalMessageId = msg.id;
        resource = { type, message: msg };
        if (!st.ephemeral) this.echo('MESSAGE_CREATE', msg);
        break;
      }
      case 5: {
        st.ephemeral = (flags & EPHEMERAL) !== 0;
        const msg = this.interactionMessage(st, {}, st.kind === 'command' ? 20 : 19, LOADING | (st.ephemeral ? EPHEMERAL : 0));
        st.originalMessageId = msg.id;
        resource = { type, message: msg };
        if (!st.ephemeral) this.echo('MESSAGE_CREATE', msg);
        break;
      }
      case 6:
        resource = { type };
        break;
      case 7: {
        this.checkMentions(rec, data);
        this.enforce(rec, checkMessagePayload(data, { fileCount: rec.files.length }));
        const msg = st.originalMessageId ? this.messages.get(st.originalMessageId) : undefined;
        if (msg) {
          this.applyEdit(msg, data ?? {}, rec.files);
          resource = { type, message: msg };
          if (!(msg.flags & EPHEMERAL)) this.echo('MESSAGE_UPDATE', msg);
        }
        break;
      }
      case 8:
        this.enforce(rec, checkAutocomplete(data));
        break;
      case 9:
        this.enforce(rec, checkModal(data));
        break;
      default:
        break;
    }
    st.acked = true;
    st.ackType = type;
    if (rec.query.with_response === 'true') {
      return {
        status: 200,
        body: {
          interaction: {
            id: st.id,
            type: st.interactionType,
            activity_instance_id: null,
            response_message_id: st.originalMessageId,
            response_message_loading: type === 5,
            response_message_ephemeral: st.ephemeral,
          },
          resource: resource ?? null,
        },
      };
    }
    return { status: 204 };
  }

  private interactionMessage(
    st: InteractionState,
    data: Record<string, unknown>,
    type: number,
    flags: number,
    files: RecordedFile[] = [],
  ): ApiMessage {
    const msg = makeMessage({
      id: snowflake(),
      channelId: st.channelId,
      guildId: st.guildId ?? undefined,
      author: this.botUser,
      content: typeof data.content === 'string' ? data.content : '',
      embeds: normalizeEmbeds(data.embeds),
      components: Array.isArray(data.components) ? data.components : [],
      attachments: this.resolveAttachments(st.channelId, data, files),
      flags: flags | (typeof data.flags === 'number' ? data.flags & ~EPHEMERAL : 0),
      type,
      tts: data.tts === true,
      webhookId: this.appId,
      applicationId: this.appId,
      interactionMetadata: {
        id: st.id,
        type: st.interactionType,
        user: st.user,
        authorizing_integration_owners: st.guildId ? { '0': st.guildId } : { '0': '0' },
        ...(st.kind === 'command' ? { name: st.name, command_type: 1 } : {}),
      },
      interaction: { id: st.id, type: st.interactionType, name: st.name, user: st.user },
    });
    this.messages.set(msg.id, msg);
    this.bumpChannel(st.channelId, msg.id);
    return msg;
  }

  /** Full attachment objects for `data.attachments` (kept or newly uploaded) plus any uploaded file not listed. */
  private resolveAttachments(channelId: string, data: Record<string, unknown>, files: RecordedFile[], existing: unknown[] = []): unknown[] {
    const out: unknown[] = [];
    const used = new Set<string>();
    const entries = Array.isArray(data.attachments) ? data.attachments : [];
    for (const a of entries) {
      if (!isObj(a)) continue;
      const prev = existing.find((e) => isObj(e) && e.id === String(a.id));
      if (prev) {
        out.push(prev);
        continue;
      }
      const file = files.find((f) => f.field === `files[${String(a.id)}]`);
      if (file) {
        used.add(file.field);
        out.push(this.makeAttachment(channelId, file, a));
      }
    }
    for (const f of files) if (!used.has(f.field)) out.push(this.makeAttachment(channelId, f, {}));
    return out;
  }

  private makeAttachment(channelId: string, file: RecordedFile, meta: Record<string, unknown>): Record<string, unknown> {
    const id = snowflake();
    const url = `${this.cdnBase}/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`;
    return {
      id,
      filename: file.filename,
      size: file.size,
      url,
      proxy_url: url,
      content_type: file.contentType || 'application/octet-stream',
      ...(typeof meta.description === 'string' ? { description: meta.description } : {}),
    };
  }

  private applyEdit(msg: ApiMessage, data: Record<string, unknown>, files: RecordedFile[] = []): void {
    if ('content' in data) msg.content = typeof data.content === 'string' ? data.content : '';
    if ('embeds' in data) msg.embeds = normalizeEmbeds(data.embeds);
    if ('components' in data) msg.components = Array.isArray(data.components) ? data.components : [];
    if ('attachments' in data || files.length > 0) {
      msg.attachments = this.resolveAttachments(msg.channel_id, data, files, Array.isArray(msg.attachments) ? msg.attachments : []);
    }
    msg.flags = msg.flags & ~LOADING;
    msg.edited_timestamp = new Date().toISOString();
  }

  private echo(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', msg: ApiMessage): void {
    const session = this.sessionFor(guildIdIn(msg));
    if (!this.opts.echoBotMessages || !session) return;
    const needed = msg.guild_id ? Intents.GuildMessages : Intents.DirectMessages;
    if (!(session.intents & needed)) return;
    this.dispatch(t, msg.guild_id ? { ...msg, member: this.memberOf(this.botUserId, false) } : msg);
  }

  private echoDelete(msg: ApiMessage): void {
    const session = this.sessionFor(guildIdIn(msg));
    if (!this.opts.echoBotMessages || !session) return;
    const needed = msg.guild_id ? Intents.GuildMessages : Intents.DirectMessages;
    if (!(session.intents & needed)) return;
    this.dispatch('MESSAGE_DELETE', { id: msg.id, channel_id: msg.channel_id, ...(msg.guild_id ? { guild_id: msg.guild_id } : {}) });
  }

  private webhookInteraction(app: string, token: string): InteractionState {
    this.checkApp(app, true);
    const st = this.interactions.get(token);
    if (!st) throw new HttpError(401, 50027, 'Invalid Webhook Token');
    if (Date.now() - st.createdMs > this.tokenLifetimeMs) throw new HttpError(401, 50027, 'Invalid Webhook Token');
    return st;
  }

  private webhookMessage(st: InteractionState, messageRef: string): ApiMessage {
    const id = messageRef === '@original' ? st.originalMessageId : messageRef;
    const msg = id ? this.messages.get(id) : undefined;
    if (!msg || (messageRef !== '@original' && !st.followups.includes(msg.id) && msg.id !== st.originalMessageId)) {
      throw new HttpError(404, 10008, 'Unknown Message');
    }
    return msg;
  }

  private webhookExecute(rec: RecordedRequest, app: string, token: string): { status: number; body?: unknown } {
    const st = this.webhookInteraction(app, token);
    if (!st.acked) throw new HttpError(404, 10015, 'Unknown Webhook');
    const data = isObj(rec.body) ? rec.body : {};
    this.checkMentions(rec, data);
    this.enforce(rec, checkMessagePayload(data, { requireNonEmpty: true, fileCount: rec.files.length }));
    const flags = typeof data.flags === 'number' ? data.flags : 0;
    const msg = this.interactionMessage(st, data, 0, flags & EPHEMERAL, rec.files);
    st.followups.push(msg.id);
    if (!(flags & EPHEMERAL)) this.echo('MESSAGE_CREATE', msg);
    return rec.query.wait === 'false' ? { status: 204 } : { status: 200, body: msg };
  }

  private webhookGet(app: string, token: string, messageRef: string): { status: number; body: unknown } {
    const st = this.webhookInteraction(app, token);
    return { status: 200, body: this.webhookMessage(st, messageRef) };
  }

  private webhookEdit(rec: RecordedRequest, app: string, token: string, messageRef: string): { status: number; body: unknown } {
    const st = this.webhookInteraction(app, token);
    const msg = this.webhookMessage(st, messageRef);
    const data = isObj(rec.body) ? rec.body : {};
    this.checkMentions(rec, data);
    this.enforce(rec, checkMessagePayload(data, { fileCount: rec.files.length }));
    const after = { ...msg };
    this.applyEdit(after as ApiMessage, data, rec.files);
    if (!(after.flags & LOADING)) {
      this.enforce(
        rec,
        checkMessagePayload(after, { requireNonEmpty: true, fileCount: (after.attachments as unknown[]).length }).filter(
          (p) => p.code === '50006',
        ),
      );
    }
    this.applyEdit(msg, data, rec.files);
    if (!(msg.flags & EPHEMERAL)) this.echo('MESSAGE_UPDATE', msg);
    return { status: 200, body: msg };
  }

  private webhookDelete(app: string, token: string, messageRef: string): { status: number } {
    const st = this.webhookInteraction(app, token);
    const msg = this.webhookMessage(st, messageRef);
    this.messages.delete(msg.id);
    if (!(msg.flags & EPHEMERAL)) this.echoDelete(msg);
    return { status: 204 };
  }

  // ---- channel messages

  private createChannelMessage(rec: RecordedRequest, channelId: string): { status: number; body: unknown } {
    const ch = this.knownChannel(channelId);
    const data = isObj(rec.body) ? rec.body : {};
    this.checkMentions(rec, data);
    this.enforce(rec, checkMessagePayload(data, { requireNonEmpty: true, fileCount: rec.files.length }));
    let reference: Record<string, unknown> | undefined;
    let referenced: ApiMessage | undefined;
    const mentions: unknown[] = [];
    if (isObj(data.message_reference) && (data.message_reference.type ?? 0) === 0) {
      const refId = String(data.message_reference.message_id);
      const refChannel = typeof data.message_reference.channel_id === 'string' ? data.message_reference.channel_id : channelId;
      referenced = this.messages.get(refId);
      if (!referenced || referenced.channel_id !== refChannel) {
        referenced = undefined;
        if (data.message_reference.fail_if_not_exists !== false) {
          this.enforce(rec, [
            {
              field: 'message_reference',
              rule: 'unknown_message',
              limit: 0,
              actual: 0,
              code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE',
              message: 'Unknown message',
            },
          ]);
        }
      } else {
        reference = { type: 0, message_id: refId, channel_id: refChannel, ...(ch.guild_id ? { guild_id: ch.guild_id } : {}) };
        const am = isObj(data.allowed_mentions) ? data.allowed_mentions : undefined;
        // Discord pings the replied-to author by default, but not once allowed_mentions is given without replied_user.
        if (!am || am.replied_user === true) mentions.push(referenced.author);
      }
    }
    const guildId = typeof ch.guild_id === 'string' ? ch.guild_id : undefined;
    const msg = makeMessage({
      id: snowflake(),
      channelId,
      guildId,
      author: this.botUser,
      content: typeof data.content === 'string' ? data.content : '',
      embeds: normalizeEmbeds(data.embeds),
      components: Array.isArray(data.components) ? data.components : [],
      attachments: this.resolveAttachments(channelId, data, rec.files),
      flags: typeof data.flags === 'number' ? data.flags : 0,
      type: reference ? 19 : 0,
      tts: data.tts === true,
      mentions,
      messageReference: reference,
      referencedMessage: reference ? referenced : undefined,
      nonce: typeof data.nonce === 'string' || typeof data.nonce === 'number' ? data.nonce : undefined,
    });
    this.messages.set(msg.id, msg);
    this.bumpChannel(channelId, msg.id);
    this.echo('MESSAGE_CREATE', msg);
    return { status: 200, body: msg };
  }

  private editChannelMessage(rec: RecordedRequest, channelId: string, messageId: string): { status: number; body: unknown } {
    const msg = this.knownMessage(channelId, messageId);
    if ((msg.author as ApiUser).id !== this.botUserId) throw new HttpError(403, 50005, 'Cannot edit a message authored by another user');
    const data = isObj(rec.body) ? rec.body : {};
    this.checkMentions(rec, data);
    this.enforce(rec, checkMessagePayload(data, { fileCount: rec.files.length }));
    this.applyEdit(msg, data, rec.files);
    this.echo('MESSAGE_UPDATE', msg);
    return { status: 200, body: msg };
  }

  private deleteChannelMessage(channelId: string, messageId: string): { status: number } {
    const msg = this.knownMessage(channelId, messageId);
    if ((msg.author as ApiUser).id !== this.botUserId) throw new HttpError(403, 50013, 'Missing Permissions');
    this.messages.delete(messageId);
    this.echoDelete(msg);
    return { status: 204 };
  }

  private startThread(rec: RecordedRequest, channelId: string, messageId: string | null): { status: number; body: unknown } {
    const parent = this.knownChannel(channelId);
    if (parent.type !== ChannelTypes.GuildText) throw new HttpError(400, 50024, 'Cannot execute action on this channel type');
    const data = isObj(rec.body) ? rec.body : {};
    if (messageId) this.knownMessage(channelId, messageId);
    this.enforce(rec, checkThreadName(data.name));
    const id = messageId ?? snowflake();
    if (this.channels.has(id)) throw new HttpError(400, 160004, 'A thread has already been created for this message');
    const type = messageId ? ChannelTypes.PublicThread : typeof data.type === 'number' ? data.type : ChannelTypes.PrivateThread;
    const thread = makeThreadChannel(
      {
        id,
        guildId: this.guildOfChannel(channelId) ?? this.guildId,
        parentId: channelId,
        ownerId: this.botUserId,
        name: String(data.name),
        type,
        autoArchiveDuration: typeof data.auto_archive_duration === 'number' ? data.auto_archive_duration : 1440,
      },
      this.botUserId,
    );
    this.channels.set(id, thread);
    if (messageId) this.markThreadStarter(messageId, thread);
    if (this.sessionFor(guildIdIn(thread))) this.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return { status: 201, body: thread };
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Throws when the options sent do not fit the registered command (Discord would never send them). */
function checkOptionsAgainst(path: string, given: CommandOption[], declared: unknown): void {
  const list = Array.isArray(declared) ? (declared as Array<Record<string, unknown>>) : [];
  for (const o of given) {
    const d = list.find((x) => x.name === o.name);
    if (!d) throw new Error(`FakeDiscord: option "${o.name}" is not declared on the registered command "${path}"`);
    if (d.type !== o.type) {
      throw new Error(`FakeDiscord: option "${path} ${o.name}" has type ${o.type}, registered as ${String(d.type)}`);
    }
    if (o.options) checkOptionsAgainst(`${path} ${o.name}`, o.options, d.options);
  }
  for (const d of list) {
    if (d.required === true && d.type !== 1 && d.type !== 2 && !given.some((o) => o.name === d.name) && !given.some((o) => o.focused)) {
      throw new Error(`FakeDiscord: required option "${path} ${String(d.name)}" is missing`);
    }
  }
}

function hasFocused(options: CommandOption[]): boolean {
  return options.some((o) => o.focused === true || (o.options ? hasFocused(o.options) : false));
}

/** Why `allowed_mentions` could ping someone, or null when it pings nobody. */
export function mentionProblem(am: unknown): string | null {
  if (am === undefined || am === null) return 'allowed_mentions is missing (Discord would parse every mention in the content)';
  if (!isObj(am)) return 'allowed_mentions is not an object';
  if (am.parse !== undefined && (!Array.isArray(am.parse) || am.parse.length > 0)) {
    return `allowed_mentions.parse is ${JSON.stringify(am.parse)} (should be [])`;
  }
  for (const k of ['users', 'roles'] as const) {
    const v = am[k];
    if (v !== undefined && (!Array.isArray(v) || v.length > 0)) return `allowed_mentions.${k} is ${JSON.stringify(v)} (should be empty)`;
  }
  if (am.replied_user === true) return 'allowed_mentions.replied_user is true (pings the author of the replied-to message)';
  return null;
}

function readBody(req: IncomingMessage, limit = 30 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function parseBody(raw: Buffer, contentType: string): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType.startsWith('multipart/form-data')) {
    const files: RecordedFile[] = [];
    let body: unknown;
    try {
      const form = await new Request('http://fake.invalid/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: toArrayBuffer(raw),
      }).formData();
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') {
          if (name === 'payload_json') body = safeJson(value);
        } else {
          files.push({ field: name, filename: value.name, contentType: value.type, size: value.size });
        }
      }
    } catch {
      body = raw.toString('utf8');
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  return { body: contentType.includes('json') ? safeJson(text) : text, files: [] };
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  const out = new ArrayBuffer(b.byteLength);
  new Uint8Array(out).set(b);
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
