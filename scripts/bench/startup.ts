// Start-up of the compiled CLI against Node itself: `node -e 0`, `isnad articles` and `isnad ask`
// on the five articles of corpus/ with the index already built, run in turns (so a busy machine
// slows all three alike) and compared as ratios of medians. Targets: articles ≤ 3×, ask ≤ 5×.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface StartupResult {
  rounds: number;
  node_ms: number;
  articles_ms: number;
  ask_ms: number;
  articles_ratio: number;
  ask_ratio: number;
}

export const STARTUP_TARGETS = { articles: 3, ask: 5 } as const;

const QUESTION = 'من هو رئيس الأركان الروسي؟';

function timed(argv: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed (${result.status}): ${result.stderr.toString().slice(-500)}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs the three commands `rounds` times each, in turns; the index is built first, in a temp folder. */
export async function measureStartup(root: string, env: NodeJS.ProcessEnv, rounds: number): Promise<StartupResult> {
  const indexDir = await mkdtemp(path.join(os.tmpdir(), 'isnad-startup-'));
  try {
    const cli = path.join(root, 'bin/isnad.mjs');
    const common = ['--corpus', path.join(root, 'corpus'), '--index-dir', indexDir, '--embedder', 'builtin'];
    timed([cli, 'index', ...common], indexDir, env);
    const times = { node: [] as number[], articles: [] as number[], ask: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      times.node.push(timed(['-e', '0'], indexDir, env));
      times.articles.push(timed([cli, 'articles', ...common], indexDir, env));
      times.ask.push(timed([cli, 'ask', QUESTION, ...common], indexDir, env));
    }
    const node = median(times.node);
    const articles = median(times.articles);
    const ask = median(times.ask);
    const round = (x: number, digits: number) => Number(x.toFixed(digits));
    return {
      rounds,
      node_ms: round(node, 1),
      articles_ms: round(articles, 1),
      ask_ms: round(ask, 1),
      articles_ratio: round(articles / node, 2),
      ask_ratio: round(ask / node, 2),
    };
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

export function describeStartup(s: StartupResult): string[] {
  const verdict = (ratio: number, target: number) =>
    `${ratio.toFixed(2)}× node -e 0, target ≤ ${target}×: ${ratio <= target ? 'met' : 'NOT met'}`;
  return [
    `start-up (median of ${s.rounds}, 5 articles, index present): node -e 0 ${s.node_ms.toFixed(0)} ms`,
    `  isnad articles ${s.articles_ms.toFixed(0)} ms (${verdict(s.articles_ratio, STARTUP_TARGETS.articles)})`,
    `  isnad ask      ${s.ask_ms.toFixed(0)} ms (${verdict(s.ask_ratio, STARTUP_TARGETS.ask)})`,
  ];
}
