export { composeAnswer, scoreSentences, DEFAULT_ANSWER, MODELLED_CANDIDATES, type AnswerOptions, type ScoredSentence } from './compose.ts';
export type { TermStatistics } from './candidates.ts';
export {
  answerModel,
  FEATURE_NAMES,
  REPLY_FEATURE_NAMES,
  headProbability,
  replyProbability,
  LIKELY_ANSWER,
  parseAnswerModel,
  type AnswerModel,
  type ModelHead,
} from './model.ts';
export { treesMargin, treesProbability, type BoostedTrees } from './trees.ts';
export { kindForms, spelledAlike, termKind, type TermKind } from './specific-terms.ts';
export { summarizeArticle, summarizeTopic, DEFAULT_SUMMARY, type Summary, type SummaryOptions } from './summary.ts';
export { citationDate, citationLabel, citationLine, quoteLink } from './citation.ts';
export { citeSameStories, withCopies } from './cited-articles.ts';
export type { Answer, CitedArticle, Quote, Source } from './types.ts';
export { followUpQuestion, leansOnPrevious } from './follow-up.ts';
export { passageGist, passageGists, questionTerms, type Gist, type PassageGist } from './gist.ts';
export { questionScript, type QuestionScript } from './question-script.ts';
export { confidencePercent, missingTermsNote } from './explain.ts';
