// Measures, over 100 /ask questions at 5 at a time, the time from INTERACTION_CREATE to the
// acknowledgement and to the final answer (as the fake Discord sees them), and logs median and p95.
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

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { RATE_LIMIT_PER_MINUTE: '1000' } });
});

afterAll(async () => {
  await h?.stop();
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

it(`acknowledges and answers ${TOTAL} questions, ${CONCURRENCY} at a time`, async () => {
  const ack: number[] = [];
  const answer: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < TOTAL) {
      const i = next++;
      const { token, sentAt } = await h.fake.sendCommand('ask', question(QUESTIONS[i % QUESTIONS.length]!));
      const [acked, answered] = await Promise.all([callbackOf(h.fake, token), answerEditOf(h.fake, token, 10_000)]);
      ack.push(acked.at - sentAt);
      answer.push(answered.at - sentAt);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  ack.sort((a, b) => a - b);
  answer.sort((a, b) => a - b);
  const summary = (xs: number[]) =>
    `median ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms, max ${xs.at(-1)!.toFixed(1)} ms`;
  console.log(`INTERACTION_CREATE → acknowledgement (${TOTAL} questions, ${CONCURRENCY} concurrent): ${summary(ack)}`);
  console.log(`INTERACTION_CREATE → final answer    (${TOTAL} questions, ${CONCURRENCY} concurrent): ${summary(answer)}`);
  expect(ack).toHaveLength(TOTAL);
  expect(percentile(ack, 95)).toBeLessThan(1500);
  expect(percentile(answer, 95)).toBeLessThan(5000);
  expect(h.fake.limitViolations).toEqual([]);
  expect(h.fake.mentionViolations).toEqual([]);
  expect(h.fake.rejections).toEqual([]);
});
