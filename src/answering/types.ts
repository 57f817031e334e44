import type { Passage } from '../retrieval/index.ts';

export interface Source {
  /** The citation number quotes refer to, from 1. */
  number: number;
  articleId: string;
  title: string;
  outlet: string | null;
}

export interface Quote {
  articleId: string;
  /** [start, end) in the article's original text; `text === article.text.slice(start, end)`. */
  start: number;
  end: number;
  text: string;
  /** The number of the source this quote cites. */
  citation: number;
}

export interface Answer {
  status: 'answered' | 'not_found';
  question: string;
  quotes: Quote[];
  sources: Source[];
  /** The passages the quotes were chosen from (all retrieved passages for not_found). */
  passages: Passage[];
  /** For not_found: the closest articles, offered as reading, not as an answer. */
  suggestions: Source[];
  /** How well the best sentence covers the question, 0–1; the refusal threshold applies to it. */
  evidence: number;
}
