// A follow-up question ("ومتى حدث ذلك؟") says what it asks and leans on an earlier question for
// what it is about: it is asked with its own question word first and the earlier question's
// content words after, so "when" stays a when-question however the earlier one asked.

import { analyzeToTerms, isStopWord, tokenize } from '../arabic/index.ts';

/** A question with at most this many content words leans on the previous question. */
const FOLLOW_UP_MAX_TERMS = 2;

export function leansOnPrevious(question: string): boolean {
  return analyzeToTerms(question).length <= FOLLOW_UP_MAX_TERMS;
}

/** The follow-up as the engine is asked it: the follow-up, then the earlier question's words without its question and function words. */
export function followUpQuestion(previous: string, followUp: string): string {
  const subject = tokenize(previous)
    .filter((t) => !isStopWord(t.text))
    .map((t) => previous.slice(t.start, t.end));
  return [followUp.trim(), ...subject].join(' ');
}
