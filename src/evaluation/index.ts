export { computeMetrics, percentile, type EvalMetrics, type EvalOutcome, type EvalQuestion } from './metrics.ts';
export { parseQuestions } from './questions.ts';
export { removalSets } from './removal.ts';
export { docReader, evaluate, evaluateRemoval } from './run.ts';
