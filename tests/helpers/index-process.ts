/** Runs tests/helpers/index-child.ts as a separate process, optionally as another user or under a shell limit. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { IndexReport, IndexSettings } from '../../src/store/index.ts';
import { ROOT } from './fixtures.ts';

const CHILD = path.join(ROOT, 'tests/helpers/index-child.ts');

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The report, or the error the child printed. */
  result: (IndexReport & { error?: undefined }) | { error: string } | undefined;
  stderr: string;
}

export interface RunningChild {
  child: ChildProcess;
  /** Resolves once the child printed "ready" (its modules are loaded). */
  ready: Promise<void>;
  done: Promise<ChildRun>;
}

export interface ChildOptions {
  /** Run as this user (uid:gid) through setpriv; only root can. */
  as?: string;
  /** A shell command put before node, e.g. "ulimit -f 64". */
  shellPrefix?: string;
  timeoutMs?: number;
}

type Overrides = Omit<Partial<IndexSettings>, 'log' | 'onProgress' | 'shouldStop'>;

export function startIndexChild(corpusDir: string, indexDir: string, overrides: Overrides = {}, options: ChildOptions = {}): RunningChild {
  let command = process.execPath;
  let args = ['--import', 'tsx', CHILD, corpusDir, indexDir, JSON.stringify(overrides)];
  if (options.shellPrefix) {
    args = ['-c', `${options.shellPrefix}; exec "$0" "$@"`, command, ...args];
    command = '/bin/sh';
  }
  if (options.as) {
    const [uid, gid] = options.as.split(':');
    args = [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', command, ...args];
    command = 'setpriv';
  }
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: '/tmp' } });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      markReady();
      const last = stdout.trim().split('\n').at(-1);
      const result = last && last !== 'ready' ? (JSON.parse(last) as ChildRun['result']) : undefined;
      resolve({ code, signal, result, stderr });
    });
  });
  return { child, ready, done };
}

export function runIndexChild(
  corpusDir: string,
  indexDir: string,
  overrides: Overrides = {},
  options: ChildOptions = {},
): Promise<ChildRun> {
  return startIndexChild(corpusDir, indexDir, overrides, options).done;
}

/** "65534:65534" when this process is root and setpriv can drop to nobody; undefined otherwise. */
export function nobodyIfRoot(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']);
  return probe.status === 0 ? '65534:65534' : undefined;
}
