export { computeMetrics, percentile, type EvalMetrics, type EvalOutcome, type EvalQuestion } from './metrics.ts';
export { parseQuestions } from './questions.ts';
export { evaluate } from './run.ts';
