import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Answer } from '../answering/index.ts';
import type { Engine } from '../engine/index.ts';
import {
  computeMetrics,
  nearMissMetrics,
  removalMetrics,
  type EvalMetrics,
  type EvalOutcome,
  type EvalQuestion,
  type NearMissMetrics,
  type RemovalMetrics,
} from './metrics.ts';
import type { NearMiss } from './near-miss.ts';
import { corpusWithout, type RemovalSet } from './removal.ts';

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
      ...outcomeOf(question, answer, ms),
      passages: ranked.map((p) => ({ doc: p.articleId, start: p.start, end: p.end, text: p.text })),
    });
    onProgress?.(i + 1, questions.length);
  }
  return { metrics: computeMetrics(outcomes, docReader(corpusDir)), outcomes };
}

function outcomeOf(question: EvalQuestion, answer: Answer, ms: number): EvalOutcome {
  return {
    question,
    passages: [],
    status: answer.status,
    quotes: answer.quotes.map((q) => ({ doc: q.articleId, start: q.start, end: q.end, text: q.text, highlight: q.highlight })),
    ms,
  };
}

/**
 * `--remove-gold`: each set's questions asked of the corpus without its article. Each reduced
 * corpus gets its own index under `workDir/<article>/` (built once, reused while the corpus is unchanged).
 */
export async function evaluateRemoval(
  openEngine: (corpusDir: string, indexDir: string) => Promise<Engine>,
  sets: readonly RemovalSet[],
  corpusDir: string,
  workDir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ metrics: RemovalMetrics; outcomes: EvalOutcome[] }> {
  const outcomes: EvalOutcome[] = [];
  for (const [i, set] of sets.entries()) {
    const dir = path.join(workDir, set.articleId);
    const engine = await openEngine(await corpusWithout(corpusDir, set.articleId, dir), path.join(dir, 'index'));
    for (const question of set.questions) outcomes.push(outcomeOf(question, await engine.ask(question.question), 0));
    onProgress?.(i + 1, sets.length);
  }
  return { metrics: removalMetrics(outcomes), outcomes };
}

/** `--near-miss`: each near miss asked of the whole corpus. */
export async function evaluateNearMisses(
  engine: Engine,
  nearMisses: readonly NearMiss[],
  onProgress?: (done: number, total: number) => void,
): Promise<{ metrics: NearMissMetrics; outcomes: Array<{ kind: NearMiss['kind']; outcome: EvalOutcome }> }> {
  const outcomes: Array<{ kind: NearMiss['kind']; outcome: EvalOutcome }> = [];
  for (const [i, near] of nearMisses.entries()) {
    outcomes.push({ kind: near.kind, outcome: outcomeOf(near.question, await engine.ask(near.question.question), 0) });
    onProgress?.(i + 1, nearMisses.length);
  }
  return { metrics: nearMissMetrics(outcomes), outcomes };
}

/** A document's original text read from disk, independently of the system (cached). */
export function docReader(corpusDir: string): (doc: string) => string | undefined {
  const texts = new Map<string, string | undefined>();
  return (doc) => {
    if (!texts.has(doc)) {
      try {
        texts.set(doc, readFileSync(path.join(corpusDir, doc), 'utf8'));
      } catch {
        texts.set(doc, undefined);
      }
    }
    return texts.get(doc);
  };
}
