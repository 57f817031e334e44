export { composeAnswer, DEFAULT_ANSWER, type AnswerOptions, type TermStatistics } from './compose.ts';
export { summarizeArticle, summarizeTopic, DEFAULT_SUMMARY, type Summary, type SummaryOptions } from './summary.ts';
export type { Answer, Quote, Source } from './types.ts';
