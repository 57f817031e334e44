// npm run load [-- --json FILE] [--total N] [--concurrency N] [--timeout-s N] [--reindex N]
//
// A load test through the Discord layer. The real bot (`dist/discord/main.js`, the `npm start` entry
// point, as its own process) logs in to the project's fake Discord (tests/fake-discord) on
// 127.0.0.1 and answers /ask from the real engine over corpus/ with the built-in embedder, in temp
// INDEX_DIR and DATA_DIR. 25 simulated users at a time send 500 /ask interactions (the 32 seed
// questions cycled, with variations), each waiting for its answer before the next.
//
// Checks: every interaction acknowledged within 3 s (the fake answers a later callback 404 10062 and
// records it), exactly one acknowledgement each, every one answered (a PATCH of @original with
// embeds, not the apology), no rejection, limit or mention violation, no error in the bot's log, no
// rate-limited user, the bot still connected and exiting 0 on SIGTERM afterwards.
// Reports acknowledgement and answer latency p50/p95/p99/max (INTERACTION_CREATE dispatch → the
// fake's receipt of the request) and the bot process's peak resident memory (VmHWM from
// /proc/<pid>/status, also sampled every 50 ms). Exits 1 when a check fails; stops by itself
// (--timeout-s, default 240).
//
// --reindex N: the corpus (a copy) grows by N small generated articles once the bot is connected, and
// a /reindex is sent as the load starts: the questions sent while it runs are reported apart (their
// acknowledgement latency is what a reindex on the bot's own thread would ruin), and the reindex must
// end with every article indexed.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PermissionFlagsBits } from 'discord.js';
import { loadConfig } from '../../src/config.ts';
import { registerCommands } from '../../src/discord/register-commands.ts';
import { FakeDiscord, type CommandOption, type RecordedRequest } from '../../tests/fake-discord/server.ts';
import { writeSmallArticles } from '../../tests/hardening/corpora.ts';
import { copyCorpus } from '../../tests/helpers/fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SEED_FILE = path.join(ROOT, 'tests/discord/fixtures/seed-qa.jsonl');
const TOKEN = 'load-test-bot-token.Qm4-not-a-real-secret-000';
/** Questions one simulated user sends; kept under the default RATE_LIMIT_PER_MINUTE (6). */
const QUESTIONS_PER_USER = 5;
const ACK_DEADLINE_MS = 3000;
/** An interaction not answered this long after it was sent counts as unanswered. */
const ANSWER_TIMEOUT_MS = 30_000;
const LOCALES = ['en-US', 'en-GB', 'fr', 'de', 'tr'];

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  total: number;
  concurrency: number;
  timeoutS: number;
  json: string | undefined;
  /** Articles added before a /reindex sent as the load starts (0: no reindex). */
  reindex: number;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      total: { type: 'string', default: '500' },
      concurrency: { type: 'string', default: '25' },
      'timeout-s': { type: 'string', default: '240' },
      json: { type: 'string' },
      reindex: { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write('usage: npm run load -- [--total 500] [--concurrency 25] [--timeout-s 240] [--json FILE] [--reindex 5000]\n');
    process.exit(0);
  }
  const count = (raw: string, name: string, least = 1) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < least) throw new Error(`--${name} must be a whole number from ${least}, not "${raw}"`);
    return n;
  };
  return {
    total: count(values.total, 'total'),
    concurrency: count(values.concurrency, 'concurrency'),
    timeoutS: count(values['timeout-s'], 'timeout-s'),
    json: values.json,
    reindex: count(values.reindex, 'reindex', 0),
  };
}

// ---------------------------------------------------------------------------------------------
// Questions: the seed set cycled, each round with a different variation a user might type.

const VARIATIONS: Array<[string, (q: string) => string]> = [
  ['as written', (q) => q],
  ['no question mark', (q) => q.replace(/[؟?]\s*$/u, '')],
  ['polite prefix', (q) => `من فضلك، ${q}`],
  ['Latin prefix', (q) => `Q: ${q}`],
  ['extra spaces', (q) => `  ${q.replace(/ /g, '  ')}  `],
  ['tatweel and diacritics', (q) => q.replace('ما ', 'مـا ').replace('من ', 'مَن ')],
];

function questions(): string[] {
  const seed = readFileSync(SEED_FILE, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { question: string }).question);
  if (seed.length === 0) throw new Error(`no questions in ${SEED_FILE}`);
  return seed;
}

function questionFor(seed: string[], i: number): string {
  const [, vary] = VARIATIONS[Math.floor(i / seed.length) % VARIATIONS.length]!;
  return vary(seed[i % seed.length]!);
}

// ---------------------------------------------------------------------------------------------
// The bot process and its memory

interface BotProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startBot(env: Record<string, string>, cwd: string): BotProcess {
  // The compiled bot, as `npm start` runs it (`npm run load` builds dist/ first), from a temp folder so no
  // .env is read; the pid is the bot's own process.
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/discord/main.js')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** VmRSS and VmHWM (peak) of a process, in bytes; undefined once it has exited. */
function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

interface LogLine {
  level: number;
  msg?: string;
  status?: string;
  command?: string;
  latencyMs?: number;
  global?: boolean;
  err?: { message?: string };
}

function logLines(output: string): { lines: LogLine[]; other: string[] } {
  const lines: LogLine[] = [];
  const other: string[] = [];
  for (const raw of output.split('\n')) {
    if (!raw.trim()) continue;
    try {
      lines.push(JSON.parse(raw) as LogLine);
    } catch {
      other.push(raw);
    }
  }
  return { lines, other };
}

// ---------------------------------------------------------------------------------------------
// What the fake received, by interaction token

interface Seen {
  callbacks: RecordedRequest[];
  edits: RecordedRequest[];
  wake?: () => void;
}

/** Indexes the fake's requests by interaction token as they arrive (a linear scan per wait would not scale). */
class Tracker {
  private scanned = 0;
  private readonly byToken = new Map<string, Seen>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly fake: FakeDiscord) {
    this.timer = setInterval(() => this.scan(), 5);
  }

  stop(): void {
    clearInterval(this.timer);
    this.scan();
  }

  seen(token: string): Seen {
    let s = this.byToken.get(token);
    if (!s) this.byToken.set(token, (s = { callbacks: [], edits: [] }));
    return s;
  }

  /** Resolves once an edit of @original has arrived for the token, or after `timeoutMs`. */
  answered(token: string, timeoutMs: number): Promise<boolean> {
    this.scan();
    const s = this.seen(token);
    if (s.edits.length > 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        s.wake = undefined;
        resolve(false);
      }, timeoutMs);
      s.wake = () => {
        clearTimeout(timer);
        s.wake = undefined;
        resolve(true);
      };
    });
  }

  private scan(): void {
    const requests = this.fake.requests;
    for (; this.scanned < requests.length; this.scanned++) {
      const r = requests[this.scanned]!;
      const parts = r.path.split('/');
      if (r.method === 'POST' && parts[1] === 'interactions' && parts[4] === 'callback') {
        this.seen(parts[3]!).callbacks.push(r);
      } else if (r.method === 'PATCH' && parts[1] === 'webhooks' && parts[5] === '@original') {
        const s = this.seen(parts[3]!);
        s.edits.push(r);
        s.wake?.();
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Numbers

interface Stats {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    p50: round(at(50)),
    p95: round(at(95)),
    p99: round(at(99)),
    max: round(sorted.at(-1) ?? NaN),
    mean: round(sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length)),
  };
}

/** " (msg ×n, …)" for log lines grouped by message, or "". */
function describeCounts(lines: LogLine[]): string {
  if (lines.length === 0) return '';
  const counts = new Map<string, number>();
  for (const l of lines) {
    // discord.js holds requests to its own global limit (50/s, interaction edits included) and says "rate limited".
    const key = `${l.msg ?? '?'}${l.global ? ' (global, discord.js pacing)' : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return ` (${[...counts].map(([msg, n]) => `${msg} ×${n}`).join(', ')})`;
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

interface Interaction {
  token: string;
  question: string;
  sentAt: number;
  ackMs?: number;
  answerMs?: number;
  problem?: string;
}

// ---------------------------------------------------------------------------------------------

async function run(options: Options): Promise<boolean> {
  const seed = questions();
  const temp = mkdtempSync(path.join(os.tmpdir(), 'isnad-load-'));
  const fake = await FakeDiscord.start({ token: TOKEN, heartbeatMs: 1000, ackDeadlineMs: ACK_DEADLINE_MS });
  const corpusDir = options.reindex > 0 ? path.join(temp, 'corpus') : path.join(ROOT, 'corpus');
  if (options.reindex > 0) await copyCorpus(path.join(ROOT, 'corpus'), corpusDir);
  const env: Record<string, string> = {
    CORPUS_DIR: corpusDir,
    INDEX_DIR: path.join(temp, 'embeddings'),
    DATA_DIR: path.join(temp, 'data'),
    EMBEDDER: 'builtin',
    ALLOW_REMOTE_MODELS: 'false',
    DISCORD_TOKEN: TOKEN,
    DISCORD_APP_ID: fake.appId,
    DISCORD_GUILD_ID: fake.guildId,
    DISCORD_API_BASE: fake.apiBase,
    LOG_LEVEL: 'info',
  };
  let bot: BotProcess | undefined;
  let sampler: NodeJS.Timeout | undefined;
  let tracker: Tracker | undefined;
  const overall = setTimeout(() => {
    process.stderr.write(`load: gave up after ${options.timeoutS} s (overall timeout)\n`);
    bot?.child.kill('SIGKILL');
    process.exit(1);
  }, options.timeoutS * 1000);
  try {
    await registerCommands(loadConfig(env, ROOT));
    const startedAt = performance.now();
    bot = startBot(env, temp);
    const pid = bot.child.pid!;
    let peakSampled = 0;
    sampler = setInterval(() => {
      const m = memoryOf(pid);
      if (m) peakSampled = Math.max(peakSampled, m.rss);
    }, 50);
    const running = bot;
    await fake.waitFor(
      () => running.output().includes('connected to Discord') || running.child.exitCode !== null,
      60_000,
      'the bot to connect',
    );
    if (running.child.exitCode !== null) throw new Error(`the bot exited before connecting:\n${running.output()}`);
    const readyMs = performance.now() - startedAt;
    const beforeLoad = memoryOf(pid)!;
    const articlesBefore = Number(/"articles":(\d+)/.exec(running.output())?.[1] ?? NaN);
    if (options.reindex > 0) await writeSmallArticles(path.join(corpusDir, 'archive'), options.reindex, 5);

    // The load: `concurrency` users at a time, each sending its next /ask once the previous one is answered.
    tracker = new Tracker(fake);
    const users = Math.ceil(options.total / QUESTIONS_PER_USER);
    const interactions: Interaction[] = [];
    let next = 0;
    const loadStarted = performance.now();
    const reindex =
      options.reindex > 0
        ? await fake.sendCommand('reindex', [], { memberPermissions: PermissionFlagsBits.ManageGuild.toString() })
        : undefined;
    const worker = async () => {
      while (next < options.total) {
        const i = next++;
        const q = questionFor(seed, i);
        const userId = String(400_000_000_000_000_000n + BigInt(i % users));
        const opts: CommandOption[] = [{ name: 'question', type: 3, value: q }];
        // Every tenth asks privately (an ephemeral answer: the same deferral and edit).
        if (i % 10 === 9) opts.push({ name: 'private', type: 5, value: true });
        const { token, sentAt } = await fake.sendCommand('ask', opts, { userId, locale: LOCALES[i % LOCALES.length] });
        const item: Interaction = { token, question: q, sentAt };
        interactions.push(item);
        if (!(await tracker!.answered(token, ANSWER_TIMEOUT_MS))) item.problem = `not answered within ${ANSWER_TIMEOUT_MS / 1000} s`;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const reindexed =
      reindex && (await tracker.answered(reindex.token, options.timeoutS * 1000)) ? tracker.seen(reindex.token).edits[0] : undefined;
    // Let any stray second request (a duplicate acknowledgement, an apology follow-up) arrive before judging.
    await new Promise((resolve) => setTimeout(resolve, 300));
    tracker.stop();
    const afterLoad = memoryOf(pid)!;
    const stillConnected = fake.connected && running.child.exitCode === null;

    for (const item of interactions) {
      const seen = tracker.seen(item.token);
      const ack = seen.callbacks[0];
      if (ack) item.ackMs = ack.at - item.sentAt;
      const edit = seen.edits.find((r) => r.status === 200);
      if (edit) item.answerMs = edit.at - item.sentAt;
      if (!item.problem) {
        if (seen.callbacks.length !== 1) item.problem = `${seen.callbacks.length} acknowledgements`;
        else if (ack!.status >= 300) item.problem = `acknowledgement answered ${ack!.status}`;
        else if (ack!.body?.type !== 5) item.problem = `acknowledged with type ${String(ack!.body?.type)} (not a deferred reply)`;
        else if (!edit) item.problem = `answer edit answered ${seen.edits.map((r) => r.status).join(', ')}`;
        else if (seen.edits.length !== 1) item.problem = `${seen.edits.length} edits of the answer`;
        else if (!Array.isArray(edit.body?.embeds) || edit.body.embeds.length === 0)
          item.problem = `answered without an embed: ${JSON.stringify(edit.body).slice(0, 200)}`;
      }
    }

    // Stop the bot as an operator would, and read its peak memory just before.
    const peak = memoryOf(pid);
    clearInterval(sampler);
    sampler = undefined;
    running.child.kill('SIGTERM');
    const exit = await Promise.race([
      running.exited,
      new Promise<{ code: null; signal: 'timeout' }>((resolve) => setTimeout(() => resolve({ code: null, signal: 'timeout' }), 15_000)),
    ]);
    if (exit.signal === 'timeout') running.child.kill('SIGKILL');

    const { lines, other } = logLines(running.output());
    const questionLines = lines.filter((l) => (l.msg === 'question' || l.msg === 'question failed') && l.command !== 'reindex');
    const statuses: Record<string, number> = {};
    for (const l of questionLines) statuses[l.status ?? '?'] = (statuses[l.status ?? '?'] ?? 0) + 1;
    const errors = lines.filter((l) => l.level >= 50);
    const warnings = lines.filter((l) => l.level === 40);
    const handlerMs = stats(questionLines.map((l) => l.latencyMs ?? NaN).filter(Number.isFinite));

    const ack = stats(interactions.flatMap((x) => (x.ackMs === undefined ? [] : [x.ackMs])));
    const answer = stats(interactions.flatMap((x) => (x.answerMs === undefined ? [] : [x.answerMs])));
    const failed = interactions.filter((x) => x.problem);
    const late = interactions.filter((x) => x.ackMs !== undefined && x.ackMs > ACK_DEADLINE_MS);
    const peakRss = Math.max(peak?.hwm ?? 0, peakSampled);
    // Questions sent between the /reindex and its reply: answered meanwhile by the engine serving.
    const duringReindex = interactions.filter((x) => reindex && x.sentAt >= reindex.sentAt && (!reindexed || x.sentAt < reindexed.at));
    const ackDuringReindex = stats(duringReindex.flatMap((x) => (x.ackMs === undefined ? [] : [x.ackMs])));
    const reindexText = String(reindexed?.body?.content ?? '');
    const reindexChecks: Check[] = reindex
      ? [
          {
            name: `the /reindex indexed all ${articlesBefore + options.reindex} articles`,
            ok: reindexText.includes(String(articlesBefore + options.reindex)),
            detail: reindexed ? reindexText.replace(/[\u200B-\u200F\u2066-\u2069]/g, '').slice(0, 120) : 'no reply',
          },
        ]
      : [];
    const checks: Check[] = [
      ...reindexChecks,
      { name: `${options.total} interactions sent`, ok: interactions.length === options.total, detail: `${interactions.length}` },
      {
        name: 'each acknowledged once, within 3 s',
        ok: late.length === 0 && interactions.every((x) => tracker!.seen(x.token).callbacks.length === 1),
        detail: `max ${ack.max} ms, ${late.length} late`,
      },
      {
        name: 'each answered (one edit of @original, with embeds)',
        ok: failed.length === 0,
        detail: failed.length ? `${failed.length} failed, e.g. ${failed[0]!.problem}` : 'all',
      },
      {
        name: 'no rejection by the fake Discord',
        ok: fake.rejections.length === 0,
        detail: fake.rejections.length ? JSON.stringify(fake.rejections.slice(0, 3)) : 'none',
      },
      { name: 'no limit violation', ok: fake.limitViolations.length === 0, detail: `${fake.limitViolations.length}` },
      { name: 'no mention violation', ok: fake.mentionViolations.length === 0, detail: `${fake.mentionViolations.length}` },
      { name: 'no unknown request', ok: fake.unknownRequests.length === 0, detail: `${fake.unknownRequests.length}` },
      {
        name: 'no error in the bot log',
        ok: errors.length === 0 && other.length === 0,
        detail: errors.length
          ? `${errors.length}, e.g. ${errors[0]!.msg} ${errors[0]!.err?.message ?? ''}`
          : other.length
            ? `non-JSON output: ${other[0]!.slice(0, 200)}`
            : 'none',
      },
      { name: 'no user rate-limited', ok: !statuses.rate_limited, detail: `${statuses.rate_limited ?? 0}` },
      { name: 'a logged outcome for each question', ok: questionLines.length === options.total, detail: `${questionLines.length}` },
      { name: 'still connected after the load', ok: stillConnected, detail: String(stillConnected) },
      { name: 'exits 0 on SIGTERM', ok: exit.code === 0, detail: `code ${String(exit.code)}, signal ${String(exit.signal)}` },
    ];
    const ok = checks.every((c) => c.ok);

    const rows: Array<[string, string]> = [
      [
        'bot',
        `dist/discord/main.js (child process), built-in embedder, corpus/ (${articlesBefore} articles${options.reindex ? `; a copy, + ${options.reindex} before the /reindex` : ''})`,
      ],
      [
        'interactions',
        `${options.total} /ask, ${options.concurrency} concurrent, ${users} users, ${VARIATIONS.length} variations of ${seed.length} seed questions`,
      ],
      ['machine', `${os.cpus().length} cores, Node ${process.version}`],
      ['bot start → connected', `${Math.round(readyMs)} ms`],
      ['load duration', `${loadSeconds.toFixed(2)} s (${(options.total / loadSeconds).toFixed(1)} answers/s)`],
      ['ack latency', `p50 ${ack.p50} ms · p95 ${ack.p95} ms · p99 ${ack.p99} ms · max ${ack.max} ms`],
      ...(reindex
        ? ([
            [
              `/reindex (+${options.reindex} articles)`,
              reindexed ? `${((reindexed.at - reindex.sentAt) / 1000).toFixed(2)} s to its reply` : 'no reply',
            ],
            [
              'ack latency during it',
              `${duringReindex.length} questions: p50 ${ackDuringReindex.p50} ms · p95 ${ackDuringReindex.p95} ms · max ${ackDuringReindex.max} ms`,
            ],
          ] as Array<[string, string]>)
        : []),
      ['answer latency', `p50 ${answer.p50} ms · p95 ${answer.p95} ms · p99 ${answer.p99} ms · max ${answer.max} ms`],
      ['handler time (bot log)', `p50 ${handlerMs.p50} ms · p95 ${handlerMs.p95} ms · p99 ${handlerMs.p99} ms`],
      [
        'outcomes (bot log)',
        Object.entries(statuses)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      ],
      ['bot RSS', `connected ${mb(beforeLoad.rss)} · after load ${mb(afterLoad.rss)} · peak ${mb(peakRss)} (VmHWM)`],
      [
        'bot log',
        `${lines.length} lines, ${warnings.length} warnings${describeCounts(warnings)}, ${errors.length} errors${describeCounts(errors)}`,
      ],
    ];
    const width = Math.max(...rows.map(([k]) => k.length), ...checks.map((c) => c.name.length + 7));
    process.stdout.write(`\nLoad through the Discord layer (fake Discord on 127.0.0.1, real bot and engine)\n\n`);
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
    process.stdout.write('\n');
    for (const c of checks) process.stdout.write(`${(c.ok ? '[ok]   ' : '[FAIL] ') + c.name.padEnd(width - 7)}  ${c.detail}\n`);
    process.stdout.write(`\n${ok ? 'load test passed' : 'load test FAILED'}\n`);

    if (options.json) {
      const report = {
        ok,
        total: options.total,
        concurrency: options.concurrency,
        users,
        machine: { cores: os.cpus().length, node: process.version },
        bot_ready_ms: Math.round(readyMs),
        load_s: Math.round(loadSeconds * 100) / 100,
        answers_per_s: Math.round((options.total / loadSeconds) * 10) / 10,
        ack_ms: ack,
        answer_ms: answer,
        ...(reindex && {
          reindex: {
            added: options.reindex,
            seconds: reindexed ? Math.round((reindexed.at - reindex.sentAt) / 10) / 100 : null,
            questions_during: duringReindex.length,
            ack_ms_during: ackDuringReindex,
          },
        }),
        handler_ms: handlerMs,
        statuses,
        rss_connected_bytes: beforeLoad.rss,
        rss_after_load_bytes: afterLoad.rss,
        peak_rss_bytes: peakRss,
        checks,
      };
      writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
      process.stdout.write(`wrote ${options.json}\n`);
    }
    return ok;
  } finally {
    clearTimeout(overall);
    if (sampler) clearInterval(sampler);
    tracker?.stop();
    if (bot && bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
    await fake.stop();
    rmSync(temp, { recursive: true, force: true });
  }
}

run(parseOptions()).then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    process.stderr.write(`load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
