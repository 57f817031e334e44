/**
 * Import throughput: a JSON Lines archive of generated Arabic articles (corpus.ts) added to an
 * empty corpus folder through the same code as `isnad add archive.jsonl` (parse, validate, front
 * matter, deduplicate, one atomic file each), then added again, when every line is a duplicate.
 * The index update that `isnad add` runs afterwards is measured by the main benchmark.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addSources, CorpusWriter, HttpClient } from '../../src/ingestion/index.ts';
import { generateArticle, type SentencePool } from './corpus.ts';

export interface ImportResult {
  articles: number;
  seconds: number;
  perSecond: number;
  /** Articles per second of this process's CPU time (user + system): what the import costs, whatever else runs on the machine. */
  perCpuSecond: number;
  /** The machine's 1-minute load average when the import ran (2 cores: above 2, the import waited for a core). */
  load: number;
  /** The same archive a second time: every line recognised as already there. */
  againPerSecond: number;
}

const OUTLETS = ['الشرق الأوسط', 'العربي الجديد', 'ترك برس', 'عنب بلدي', 'الخليج أونلاين'];

export async function measureImport(pool: SentencePool, seed: number, count: number, outDir: string): Promise<ImportResult> {
  const dir = path.join(outDir, `import-${count}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const archive = path.join(dir, 'archive.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const a = generateArticle(pool, seed, i);
    const day = new Date(Date.UTC(2017, 0, 1) + (i % 1000) * 86_400_000).toISOString().slice(0, 10);
    lines.push(
      JSON.stringify({
        title: a.title,
        text: a.paragraphs.map((p) => p.join(' ')).join('\n\n'),
        outlet: OUTLETS[i % OUTLETS.length],
        published: `${day}T08:00:00Z`,
        url: `https://news.example/${day}/${i}`,
      }),
    );
  }
  await writeFile(archive, `${lines.join('\n')}\n`);
  const corpusDir = path.join(dir, 'corpus');
  const timed = async () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const report = await addSources([archive], { writer: await CorpusWriter.open(corpusDir), http: new HttpClient() });
    if (report.problems.length) throw new Error(`import benchmark: ${report.problems[0]}`);
    const used = process.cpuUsage(cpu);
    return { report, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  };
  const first = await timed();
  const again = await timed();
  if (again.report.added.length) throw new Error('import benchmark: the second import added articles');
  return {
    articles: first.report.added.length,
    seconds: first.seconds,
    perSecond: first.report.added.length / first.seconds,
    perCpuSecond: first.report.added.length / first.cpuSeconds,
    load: os.loadavg()[0]!,
    againPerSecond: again.report.duplicates / again.seconds,
  };
}

export function importLine(r: ImportResult): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  return (
    `import (JSON Lines → corpus files): ${n(r.articles)} articles in ${r.seconds.toFixed(2)} s = ${n(r.perSecond)} articles/s ` +
    `(${n(r.perCpuSecond)} per CPU-second; load average ${r.load.toFixed(1)}; target ≥ 500/s); the same archive again: ${n(r.againPerSecond)} lines/s, all duplicates`
  );
}
