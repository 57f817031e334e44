/**
 * Checks that a performance change keeps every result: builds an index of a corpus (built-in
 * embedder, default settings), then prints one sha256 over everything `search` and `ask` return
 * for a set of questions, and over the index's own contents. Run it before and after the change
 * (e.g. in a git worktree of the previous commit) and compare the lines.
 *
 *   npx tsx scripts/bench/fingerprint.ts --corpus DIR --questions FILE [--index-dir DIR] [--limit N]
 *
 * FILE: JSON Lines with a "question" field (../shared/eval/*.jsonl), or a JSON array of
 * { question } (bench-out/questions-N.json).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.ts';
import { Engine } from '../../src/engine/index.ts';

const { values } = parseArgs({
  options: { corpus: { type: 'string' }, questions: { type: 'string' }, 'index-dir': { type: 'string' }, limit: { type: 'string' } },
  strict: true,
});
if (!values.corpus || !values.questions) {
  process.stderr.write('usage: fingerprint.ts --corpus DIR --questions FILE [--index-dir DIR] [--limit N]\n');
  process.exit(2);
}

const raw = await readFile(values.questions, 'utf8');
const questions: string[] = raw.trimStart().startsWith('[')
  ? (JSON.parse(raw) as { question: string }[]).map((q) => q.question)
  : raw
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => (JSON.parse(line) as { question: string }).question);
const limit = values.limit ? Number(values.limit) : questions.length;

const indexDir = values['index-dir'] ?? (await mkdtemp(path.join(os.tmpdir(), 'isnad-fingerprint-')));
const config = loadConfig({ CORPUS_DIR: path.resolve(values.corpus), INDEX_DIR: indexDir, EMBEDDER: 'builtin' });
const engine = await Engine.open(config, { rebuild: true });

const all = createHash('sha256');
const index = createHash('sha256');
for (const [label, chunk] of [...engine.index.chunksByLabel].sort((a, b) => a[0] - b[0])) index.update(JSON.stringify([label, chunk]));
for (const id of [...engine.index.articles.keys()].sort()) index.update(JSON.stringify(engine.index.articles.get(id)));
let answered = 0;
for (const question of questions.slice(0, limit)) {
  const passages = await engine.search(question, 5);
  const answer = await engine.ask(question);
  if (answer.status === 'answered') answered++;
  all.update(JSON.stringify(passages));
  all.update(JSON.stringify(answer));
}
const reopened = await Engine.open(config);
if (!reopened.report.upToDate) throw new Error('the index was not up to date when opened again');
for (const question of questions.slice(0, Math.min(limit, 50))) all.update(JSON.stringify(await reopened.ask(question)));
process.stdout.write(
  `${JSON.stringify({ questions: Math.min(limit, questions.length), answered, chunks: engine.index.chunksByLabel.size, index: index.digest('hex').slice(0, 16), results: all.digest('hex').slice(0, 16) })}\n`,
);
if (!values['index-dir']) await rm(indexDir, { recursive: true, force: true });
