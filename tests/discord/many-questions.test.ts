// 100 /ask questions, 5 at a time, through the fake Discord: each is acknowledged once (deferred) and
// then answered with an embed, nothing is refused or breaks a limit. How fast is `npm run load`'s
// job (acknowledgement and answer latency p50/p95/p99 over 500 questions, against Discord's 3 s).
// Seed questions: fixtures/seed-qa.jsonl (a copy of the project's shared seed set).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { answerEditOf, callbackOf, question, startHarness, type Harness } from './harness.ts';

const QUESTIONS = readFileSync(path.join(import.meta.dirname, 'fixtures/seed-qa.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { question: string }).question);
const TOTAL = 100;
const CONCURRENCY = 5;
/** Bounds a wait that would otherwise hang; never what the test asserts. */
const SAFETY_MS = 60_000;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { RATE_LIMIT_PER_MINUTE: '1000' } });
});

afterAll(async () => {
  await h?.stop();
});

it(`acknowledges and answers ${TOTAL} questions, ${CONCURRENCY} at a time`, { timeout: 5 * SAFETY_MS }, async () => {
  const tokens: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < TOTAL) {
      const i = next++;
      const { token } = await h.fake.sendCommand('ask', question(QUESTIONS[i % QUESTIONS.length]!));
      tokens.push(token);
      await Promise.all([callbackOf(h.fake, token, SAFETY_MS), answerEditOf(h.fake, token, SAFETY_MS)]);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  expect(tokens).toHaveLength(TOTAL);
  for (const token of tokens) {
    expect(h.fake.messagesFor(token).map((r) => `${r.method} ${r.status} ${r.body?.type ?? ''}`.trim())).toEqual([
      'POST 204 5',
      'PATCH 200',
    ]);
    expect(h.fake.originalMessage(token)!.embeds.length, 'answered, not the apology').toBeGreaterThan(0);
  }
  expect(h.fake.limitViolations).toEqual([]);
  expect(h.fake.mentionViolations).toEqual([]);
  expect(h.fake.rejections).toEqual([]);
});
