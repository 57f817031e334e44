import { afterAll, describe, expect, it } from 'vitest';
import { LIKELY_ANSWER, parseAnswerModel } from '../../src/answering/index.ts';
import { EVAL_SETS, trainFiles } from '../../scripts/train/run.ts';
import { TempDirs } from '../helpers/fixtures.ts';

// The full training (151 reduced corpora) takes minutes: `npm run train -- --check` verifies the
// committed files byte for byte. Here the same code runs twice on a subset of the articles.
const ARTICLES = 3;
const temp = new TempDirs();
afterAll(() => temp.removeAll());

describe('npm run train', () => {
  it('gives the same model and report, byte for byte, on two runs over the same data', async () => {
    const first = await trainFiles(EVAL_SETS, await temp.make('train-a'), ARTICLES);
    const second = await trainFiles(EVAL_SETS, await temp.make('train-b'), ARTICLES);
    expect(second.model).toBe(first.model);
    expect(second.report).toBe(first.report);
    // What it writes is a model the answering code accepts.
    const model = parseAnswerModel(JSON.parse(first.model));
    expect(model.thresholds.notFound).toBeLessThanOrEqual(LIKELY_ANSWER);
    expect(first.report).toContain('## Calibration');
  }, 240_000);
});
