import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerModel } from '../../src/answering/index.ts';
import { normalizeForMatch } from '../../src/arabic/index.ts';
import type { Engine } from '../../src/engine/index.ts';
import { openTestEngine } from '../helpers/engine.ts';
import { TempDirs } from '../helpers/fixtures.ts';
import { makeStoryCorpus, type StoryCorpus } from '../helpers/story-corpus.ts';

const temp = new TempDirs();
let dir = '';
let corpus: StoryCorpus;
let engine: Engine;
const QUESTION = 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';

beforeAll(async () => {
  dir = await temp.make('same-story');
  corpus = await makeStoryCorpus(dir);
  engine = await openTestEngine(dir);
});

afterAll(() => temp.removeAll());

describe('one story from several outlets', () => {
  it('"more quotes" never shows again, from a copy, a sentence already shown', async () => {
    const story = [corpus.original, ...corpus.copies];
    const shown: Array<{ articleId: string; start: number; end: number; text: string }> = [];
    for (let round = 0; round < 3; round++) {
      const answer = await engine.ask(QUESTION, { exclude: shown });
      if (answer.status === 'not_found') break;
      for (const q of answer.quotes) {
        const words = normalizeForMatch(q.text);
        expect(shown.some((s) => normalizeForMatch(s.text).includes(words))).toBe(false);
        expect(await readFile(path.join(dir, q.articleId), 'utf8').then((t) => t.slice(q.start, q.end))).toBe(q.text);
        shown.push(q);
      }
      expect(answer.sources.filter((s) => story.includes(s.articleId)).length).toBeLessThanOrEqual(1);
    }
    // The answer model quotes only sentences that earn their place, so a round may bring one.
    expect(shown.length).toBeGreaterThanOrEqual(3);
  });

  it('a not-found answer suggests a story once, naming its copies', async () => {
    // The story names Antalya but says nothing of its weather: a low confidence, made not_found by a model whose
    // not-found cut is above every confidence.
    const model = answerModel();
    const refusing = { ...model, thresholds: { ...model.thresholds, notFound: 1 } };
    const answer = await engine.ask('ما هي درجة الحرارة في أنطاليا في الشتاء؟', { model: refusing });
    expect(answer.status).toBe('not_found');
    expect((await engine.ask('ما هي درجة الحرارة في أنطاليا في الشتاء؟')).status).not.toBe('answered');
    const story = [corpus.original, ...corpus.copies];
    // Retrieval brought several copies of the story; they are one suggestion.
    expect(new Set(answer.passages.filter((p) => story.includes(p.articleId)).map((p) => p.articleId)).size).toBeGreaterThan(1);
    const suggested = answer.suggestions.filter((s) => story.includes(s.articleId));
    expect(suggested).toHaveLength(1);
    expect(suggested[0]!.alsoIn!.every((c) => story.includes(c.articleId) && c.articleId !== suggested[0]!.articleId)).toBe(true);
    expect(answer.suggestions.map((s) => s.number)).toEqual(answer.suggestions.map((_, i) => i + 1));
  });
});
