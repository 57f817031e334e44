// The passages behind a question shown by their gist: per passage the one or two sentences around
// the question's words instead of the whole passage, so five passages fit on one screen (Discord's
// /sources and the CLI's `sources` alike).

import { analyzeToTerms, splitSentences } from '../arabic/index.ts';
import type { Passage } from '../retrieval/index.ts';

export interface Gist {
  /** [start, end) in the article's text, inside the passage. */
  start: number;
  end: number;
  text: string;
  /** Whether the passage goes on before / after the gist. */
  cutBefore: boolean;
  cutAfter: boolean;
}

/** A second sentence is added only while the gist stays this short. */
const PAIR_MAX_CHARS = 320;

/**
 * The sentence of the passage holding most of the question's words (the earlier one on a tie),
 * with its better neighbour when both together stay short.
 */
export function passageGist(passage: Pick<Passage, 'text' | 'start'>, questionTerms: ReadonlySet<string>): Gist {
  const sentences = splitSentences(passage.text, 0, passage.text.length, { maxChars: Infinity });
  if (sentences.length === 0) return gistOf(passage, 0, passage.text.length);
  const scores = sentences.map((s) => new Set(analyzeToTerms(passage.text.slice(s.start, s.end)).filter((t) => questionTerms.has(t))).size);
  let best = 0;
  for (let i = 1; i < sentences.length; i++) if (scores[i]! > scores[best]!) best = i;
  let first = best;
  let last = best;
  const neighbours = [best + 1, best - 1].filter((i) => i >= 0 && i < sentences.length).sort((a, b) => scores[b]! - scores[a]!);
  for (const n of neighbours) {
    const start = sentences[Math.min(n, best)]!.start;
    const end = sentences[Math.max(n, best)]!.end;
    if (end - start <= PAIR_MAX_CHARS) {
      first = Math.min(n, best);
      last = Math.max(n, best);
      break;
    }
  }
  return gistOf(passage, sentences[first]!.start, sentences[last]!.end);
}

function gistOf(passage: Pick<Passage, 'text' | 'start'>, start: number, end: number): Gist {
  return {
    start: passage.start + start,
    end: passage.start + end,
    text: passage.text.slice(start, end),
    cutBefore: passage.text.slice(0, start).trim() !== '',
    cutAfter: passage.text.slice(end).trim() !== '',
  };
}

/** The question's terms, as passageGist matches sentences against them. */
export function questionTerms(question: string): Set<string> {
  return new Set(analyzeToTerms(question));
}

/** A passage and the sentences of it worth showing. */
export interface PassageGist {
  passage: Passage;
  gist: Gist;
}

/**
 * The passages worth listing for a question, in the order given, at most `max`: a passage whose
 * sentences overlap ones already listed from its article is skipped.
 */
export function passageGists(question: string, passages: readonly Passage[], max: number): PassageGist[] {
  const terms = questionTerms(question);
  const listed: PassageGist[] = [];
  for (const passage of passages) {
    if (listed.length === max) break;
    const gist = passageGist(passage, terms);
    const overlaps = listed.some((e) => e.passage.articleId === passage.articleId && e.gist.start < gist.end && gist.start < e.gist.end);
    if (!overlaps) listed.push({ passage, gist });
  }
  return listed;
}
