export { computeMetrics, percentile, type EvalMetrics, type EvalOutcome, type EvalQuestion } from './metrics.ts';
export { parseQuestions } from './questions.ts';
export { removalSets } from './removal.ts';
export { docReader, evaluate, evaluateNearMisses, evaluateRemoval } from './run.ts';
export { documentTerms, nearMisses, type NearMiss, type NearMissKind } from './near-miss.ts';
