import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { evaluate, parseQuestions } from '../../evaluation/index.ts';
import { configFrom, openEngine, parseCommand, UsageError, type CliCommand } from '../context.ts';
import { progressBar } from '../progress.ts';

export const evalCommand: CliCommand = {
  async run(argv, io) {
    const { values } = parseCommand(argv, { qa: { type: 'string' }, json: { type: 'boolean' } });
    if (!values.corpus || !values.qa) throw new UsageError('eval needs --corpus DIR and --qa FILE');
    const corpusDir = path.resolve(values.corpus);
    const base = configFrom({ ...values, 'index-dir': undefined });
    // Each evaluated corpus gets its own index, so evaluating never replaces the bot's index.
    const indexDir =
      values['index-dir'] ??
      path.join(base.indexDir, 'eval', `${path.basename(corpusDir)}-${createHash('sha256').update(corpusDir).digest('hex').slice(0, 8)}`);
    const config = configFrom({ ...values, corpus: corpusDir, 'index-dir': indexDir });
    const questions = parseQuestions(await readFile(values.qa, 'utf8'), values.qa);

    const started = performance.now();
    const engine = await openEngine(config, io);
    const indexSeconds = (performance.now() - started) / 1000;
    const bar = progressBar();
    const { metrics } = await evaluate(engine, questions, corpusDir, (done, total) => bar.update('questions', done, total));
    bar.done();
    const result = { ...metrics, index_seconds: round(indexSeconds), embedder: engine.index.embedder.id };
    for (const [key, value] of Object.entries(result)) {
      io.out(`${key.padEnd(20)} ${typeof value === 'number' ? round(value) : String(value)}`);
    }
    if (values.json) io.out(JSON.stringify(roundAll(result)));
    return 0;
  },
};

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function roundAll(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v]));
}
