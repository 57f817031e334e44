// The answer model reads lexical and rank features only: with another embedder (here the tiny offline
// test model, whose vectors carry no meaning) retrieval may bring other passages, but over the same
// passages the confidence and the tier are the same, so they keep their meaning.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIKELY_ANSWER } from '../../src/answering/index.ts';
import { loadConfig } from '../../src/config.ts';
import { Engine } from '../../src/engine/index.ts';
import { parseQuestions } from '../../src/evaluation/index.ts';
import { openTestEngine } from '../helpers/engine.ts';
import { NEWS_CORPUS, SEED_QA } from '../helpers/fixtures.ts';
import { createTinyModel } from '../helpers/tiny-model.ts';

const questions = parseQuestions(readFileSync(SEED_QA, 'utf8'), SEED_QA);
let builtin: Engine;
let model: Engine;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'isnad-embedder-'));
  const tiny = await createTinyModel(path.join(dir, 'models'));
  builtin = await openTestEngine();
  model = await Engine.open(
    loadConfig({
      CORPUS_DIR: NEWS_CORPUS,
      INDEX_DIR: dir,
      EMBEDDER: 'transformers',
      EMBEDDING_MODEL: tiny.modelId,
      ALLOW_REMOTE_MODELS: 'false',
    }),
  );
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = (passages: ReadonlyArray<{ articleId: string; start: number; end: number }>) =>
  passages
    .map((p) => `${p.articleId}:${p.start}-${p.end}`)
    .sort()
    .join(' ');

describe('the answer model under another embedder', () => {
  it('gives the same candidates the same features and probabilities, whatever the vectors', async () => {
    expect(model.searchesByMeaning).toBe(true);
    let same = 0;
    for (const q of questions) {
      const [a, b] = [await builtin.scoreSentences(q.question), await model.scoreSentences(q.question)];
      const [fromBuiltin, fromModel] = [await builtin.search(q.question, 5), await model.search(q.question, 5)];
      if (key(fromBuiltin) !== key(fromModel)) continue;
      same++;
      expect(b, q.question).toEqual(a);
    }
    // The lexical side dominates retrieval, so most questions retrieve the same passages.
    expect(same).toBeGreaterThan(questions.length / 2);
  });

  it('keeps the tiers: answered only at confidence 0.5 or more, and most answerable questions still answered', async () => {
    let answered = 0;
    const answerable = questions.filter((q) => q.answerable);
    for (const q of questions) {
      const answer = await model.ask(q.question);
      if (answer.status === 'answered') expect(answer.confidence).toBeGreaterThanOrEqual(LIKELY_ANSWER);
      else expect(answer.confidence).toBeLessThan(LIKELY_ANSWER);
      if (!q.answerable) expect(answer.status, q.question).not.toBe('answered');
      else if (answer.status === 'answered') answered++;
    }
    expect(answered / answerable.length).toBeGreaterThanOrEqual(0.75);
  });
});
