import type { Passage } from '../retrieval/index.ts';

/** An article as a citation names it. */
export interface CitedArticle {
  articleId: string;
  title: string;
  outlet: string | null;
  /** Where the article says it was published: ISO 8601 date or date-time. Absent when unknown. */
  published?: string;
  /** The article's web address, when known. */
  url?: string;
}

export interface Source extends CitedArticle {
  /** The citation number quotes refer to, from 1. */
  number: number;
  /**
   * Other articles carrying this source's quoted text word for word (the same story republished by
   * other outlets), not cited on their own. Absent when there are none.
   */
  alsoIn?: CitedArticle[];
}

export interface Quote {
  articleId: string;
  /** [start, end) in the article's original text; `text === article.text.slice(start, end)`. */
  start: number;
  end: number;
  text: string;
  /** The number of the source this quote cites. */
  citation: number;
  /**
   * The words inside the quote that most likely answer the question, as [start, end) offsets
   * into the article's original text (within [start, end) of the quote); null when none is marked.
   */
  highlight: { start: number; end: number } | null;
}

export interface Answer {
  /**
   * answered: the quotes very likely hold the answer; uncertain: the closest passages, which may
   * not answer; not_found: nothing quoted, only suggestions.
   */
  status: 'answered' | 'uncertain' | 'not_found';
  question: string;
  quotes: Quote[];
  sources: Source[];
  /** The passages the quotes were chosen from (all retrieved passages for not_found). */
  passages: Passage[];
  /** For not_found: the closest articles, offered as reading, not as an answer. */
  suggestions: Source[];
  /** How well the best sentence covers the question, 0–1; the refusal threshold applies to it. */
  evidence: number;
  /**
   * The calibrated probability, 0–1, that the reply's quotes hold the answer: `answered` from 0.5
   * (LIKELY_ANSWER), `uncertain` below, `not_found` lowest (nothing quoted).
   */
  confidence: number;
  /**
   * For a reply not `answered`: the question's specific terms (names, numbers, rare words) that the
   * closest passage's article does not mention, or whose place its sentence gives to another of
   * their kind — as the question writes them. Empty otherwise.
   */
  missingTerms: string[];
}
