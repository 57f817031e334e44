// With a model embedder configured (here the tiny offline test model), an English question is
// answered, with a line saying the articles are Arabic; /help says the search compares meaning.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTinyModel } from '../helpers/tiny-model.ts';
import { directionProblems } from './bidi-check.ts';
import { answerEditOf, callbackOf, question, startHarness, type Harness } from './harness.ts';
import { sentMessages, type Embed } from './payloads.ts';
import { visibleText } from './rendered-text.ts';

let h: Harness;
let embeddingsDir: string;

beforeAll(async () => {
  embeddingsDir = mkdtempSync(path.join(tmpdir(), 'isnad-embeddings-'));
  const model = await createTinyModel(path.join(embeddingsDir, 'models'));
  h = await startHarness({
    env: {
      INDEX_DIR: embeddingsDir,
      EMBEDDER: 'transformers',
      EMBEDDING_MODEL: model.modelId,
      ALLOW_REMOTE_MODELS: 'false',
      RATE_LIMIT_PER_MINUTE: '1000',
    },
  });
}, 60_000);

afterAll(async () => {
  if (!h) return;
  expect(h.fake.limitViolations).toEqual([]);
  expect(h.fake.mentionViolations).toEqual([]);
  expect(sentMessages(h.fake).flatMap((m) => directionProblems(m))).toEqual([]);
  await h.stop();
  rmSync(embeddingsDir, { recursive: true, force: true });
});

describe('with a model embedder', () => {
  it('answers an English question as the engine does, saying first that the articles are Arabic', async () => {
    expect(h.engine.searchesByMeaning).toBe(true);
    const asked = 'Where did the chiefs of staff meet?';
    const engineAnswer = await h.engine.ask(asked);
    const { token } = await h.fake.sendCommand('ask', question(asked), { locale: 'en-US' });
    await answerEditOf(h.fake, token);
    const embed = h.fake.originalMessage(token)!.embeds[0] as Embed;
    expect(embed.description.split('\n')[0]).toBe('The articles are in Arabic; the quotes are in the original.');
    if (engineAnswer.status === 'not_found') expect(embed.description).toContain('do not answer');
    else expect(embed.description).toContain('> ');
  });

  it('/help says the search compares meaning', async () => {
    const { token } = await h.fake.sendCommand('help', []);
    const description = visibleText((await callbackOf(h.fake, token)).body.data.embeds[0].description as string);
    expect(description).toContain('بكلماته وبمعناه');
    expect(description).not.toContain('لا أفهم المعنى');
  });
});
