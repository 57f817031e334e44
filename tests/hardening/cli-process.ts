// The real `isnad` binary as a separate process, over a build of the current sources.
//
// bin/isnad.mjs runs ../dist/bundle/cli.js. When that bundle is newer than every file of src/ (as
// `npm test` leaves it: it builds first), the tests run the repository's own `node bin/isnad.mjs`.
// When it is stale (a source changed since the last build), they bundle src/ into a private folder
// laid out like the package — bin/isnad.mjs (a copy of the real one), dist/bundle/, package.json,
// node_modules (a link) — rather than rebuild dist/ under other tests that may be running it.

import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleCli } from '../../scripts/build/bundle-cli.ts';
import { ROOT } from '../helpers/fixtures.ts';

/** True when dist/bundle/cli.js is at least as new as every file under src/. */
async function bundleIsFresh(): Promise<boolean> {
  const built = await stat(path.join(ROOT, 'dist/bundle/cli.js')).catch(() => undefined);
  if (!built) return false;
  const sources = await readdir(path.join(ROOT, 'src'), { recursive: true });
  for (const source of sources) {
    if ((await stat(path.join(ROOT, 'src', source))).mtimeMs > built.mtimeMs) return false;
  }
  return sources.length > 0;
}

/** The binary to run: the repository's bin/isnad.mjs when its bundle is fresh, else a private build in `dir`. */
export async function cliBinary(dir: string): Promise<string> {
  return (await bundleIsFresh()) ? path.join(ROOT, 'bin/isnad.mjs') : buildCli(dir);
}

/** Bundles src/ as `npm run build` does, into `dir`; returns the path of the binary to run. */
export async function buildCli(dir: string): Promise<string> {
  await bundleCli(ROOT, path.join(dir, 'dist/bundle'));
  await mkdir(path.join(dir, 'bin'));
  await copyFile(path.join(ROOT, 'bin/isnad.mjs'), path.join(dir, 'bin/isnad.mjs'));
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'isnad', version: '0.0.0', type: 'module', private: true }));
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return path.join(dir, 'bin/isnad.mjs');
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliRun>;
}

/**
 * Starts `node <bin> ...args` from an empty folder (no .env is read) with only PATH and HOME in its
 * environment; killed with SIGKILL after `timeoutMs`.
 */
export function startCli(bin: string, args: string[], cwd: string, timeoutMs = 60_000): RunningCli {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, ALLOW_REMOTE_MODELS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

export function runCli(bin: string, args: string[], cwd: string, timeoutMs?: number): Promise<CliRun> {
  return startCli(bin, args, cwd, timeoutMs).done;
}
