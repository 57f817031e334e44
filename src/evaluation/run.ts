import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../engine/index.ts';
import { computeMetrics, type EvalMetrics, type EvalOutcome, type EvalQuestion } from './metrics.ts';

/** Passages ranked per question for recall and MRR. */
const RANKED_PASSAGES = 10;
const WARM_UP_QUESTIONS = 20;

/** Asks every question (timed: retrieval and answer) and scores the outcomes against the files on disk. */
export async function evaluate(
  engine: Engine,
  questions: readonly EvalQuestion[],
  corpusDir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ metrics: EvalMetrics; outcomes: EvalOutcome[] }> {
  const outcomes: EvalOutcome[] = [];
  // A few untimed questions first, so that timings measure answering, not the JIT warming up.
  for (const q of questions.slice(0, WARM_UP_QUESTIONS)) await engine.ask(q.question);
  for (const [i, question] of questions.entries()) {
    const started = performance.now();
    const answer = await engine.ask(question.question);
    const ms = performance.now() - started;
    const ranked = await engine.search(question.question, RANKED_PASSAGES);
    outcomes.push({
      question,
      passages: ranked.map((p) => ({ doc: p.articleId, start: p.start, end: p.end, text: p.text })),
      refused: answer.status === 'not_found',
      quotes: answer.quotes.map((q) => ({ doc: q.articleId, start: q.start, end: q.end, text: q.text })),
      ms,
    });
    onProgress?.(i + 1, questions.length);
  }
  const texts = new Map<string, string | undefined>();
  const docText = (doc: string): string | undefined => {
    if (!texts.has(doc)) {
      try {
        texts.set(doc, readFileSync(path.join(corpusDir, doc), 'utf8').replace(/^\uFEFF/, ''));
      } catch {
        texts.set(doc, undefined);
      }
    }
    return texts.get(doc);
  };
  return { metrics: computeMetrics(outcomes, docText), outcomes };
}
