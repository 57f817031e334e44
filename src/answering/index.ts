export { composeAnswer, scoreSentences, DEFAULT_ANSWER, type AnswerOptions, type ScoredSentence, type TermStatistics } from './compose.ts';
export { answerModel, FEATURE_NAMES, headProbability, parseAnswerModel, type AnswerModel, type ModelHead } from './model.ts';
export { summarizeArticle, summarizeTopic, DEFAULT_SUMMARY, type Summary, type SummaryOptions } from './summary.ts';
export type { Answer, Quote, Source } from './types.ts';
