/**
 * npm run train: fits the answer model (src/answering/answer-model.json) on ../shared/eval and
 * writes its report (docs/answer-model.md). Deterministic: the same data give the same bytes.
 * `npm run train -- --check` regenerates both in memory and fails if the committed files differ.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectRows, type EvalSet, type Row } from './collect.ts';
import { trainingReport } from './report.ts';
import { specificTermsFile } from './specific-terms.ts';
import { train } from './model.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = path.resolve(ROOT, '../shared');
export const EVAL_SETS: EvalSet[] = [
  { name: 'arcd', corpusDir: path.join(SHARED, 'eval/arcd/corpus'), qaFile: path.join(SHARED, 'eval/arcd/qa.jsonl') },
  { name: 'seed', corpusDir: path.join(SHARED, 'corpus'), qaFile: path.join(SHARED, 'eval/seed-qa.jsonl') },
];
const MODEL_FILE = path.join(ROOT, 'src/answering/answer-model.json');
const TERMS_FILE = path.join(ROOT, 'src/answering/specific-terms.json');
/** Public data the training reads (docs/data-sources.md says where each file comes from); git ignores data/. */
export const EXTERNAL_DATA = path.join(ROOT, 'data/external');
const REPORT_FILE = path.join(ROOT, 'docs/answer-model.md');
/** Indexes of the corpora without one article each, kept between runs (git ignores embeddings/). */
const WORK_DIR = path.join(ROOT, 'embeddings/train');

/** Model and report file contents from the evaluation sets. */
export async function trainFiles(sets: readonly EvalSet[], workDir: string, limitArticles?: number, log?: (line: string) => void) {
  const rows: Row[] = [];
  for (const set of sets) rows.push(...(await collectRows(set, workDir, limitArticles, log)));
  const training = train(rows);
  return { model: `${JSON.stringify(training.model, null, 2)}\n`, report: trainingReport(rows, training) };
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  // The specific-terms table first: the features read it. Training fits on the committed table, so --check compares it first.
  const anercorp = path.join(EXTERNAL_DATA, 'ANERCorp');
  let terms: string;
  try {
    terms = await specificTermsFile(anercorp);
  } catch {
    console.error(`${path.relative(ROOT, anercorp)} is missing: see docs/data-sources.md for where to get it`);
    return 1;
  }
  if (check && (await readFile(TERMS_FILE, 'utf8')) !== terms) {
    console.log(`${path.relative(ROOT, TERMS_FILE)} differs from the one built from ${path.relative(ROOT, anercorp)}`);
    return 1;
  }
  if (!check) await writeFile(TERMS_FILE, terms);
  const { model, report } = await trainFiles(EVAL_SETS, WORK_DIR, undefined, (line) => process.stderr.write(`\r${line}   `));
  process.stderr.write('\n');
  if (check) {
    const same = (await readFile(MODEL_FILE, 'utf8')) === model && (await readFile(REPORT_FILE, 'utf8')) === report;
    console.log(
      same
        ? 'the committed model, report and specific-terms table are reproduced byte for byte'
        : 'the committed model or report differs from a fresh training run',
    );
    return same ? 0 : 1;
  }
  await writeFile(MODEL_FILE, model);
  await writeFile(REPORT_FILE, report);
  console.log(`wrote ${path.relative(ROOT, TERMS_FILE)}, ${path.relative(ROOT, MODEL_FILE)} and ${path.relative(ROOT, REPORT_FILE)}`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
