/** The CLI run in-process, as `isnad …` would run it, with its output collected. */
import { expect, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

/**
 * Points the commands, which read .env and the environment, at these folders with the built-in
 * embedder: no model is fetched and nothing is written under the repository's embeddings/. Undo with
 * vi.unstubAllEnvs().
 */
export function useCliFolders(corpusDir: string, indexDir: string): void {
  vi.stubEnv('EMBEDDER', 'builtin');
  vi.stubEnv('ALLOW_REMOTE_MODELS', 'false');
  vi.stubEnv('CORPUS_DIR', corpusDir);
  vi.stubEnv('INDEX_DIR', indexDir);
}

export interface Run {
  code: number;
  out: string[];
  err: string[];
}

export async function run(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

/** Runs a --json command that must succeed and parses its one line of output. */
export async function runJson<T>(...argv: string[]): Promise<T> {
  const { code, out, err } = await run(...argv, '--json');
  expect(err).toEqual([]);
  expect(code).toBe(0);
  expect(out).toHaveLength(1);
  return JSON.parse(out[0]!) as T;
}
