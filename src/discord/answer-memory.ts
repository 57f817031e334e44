import { randomBytes } from 'node:crypto';
import type { Quote } from '../answering/index.ts';
import type { ArticleFilter } from '../retrieval/index.ts';
import type { Language } from './language.ts';
import { LruMap } from './lru.ts';

export interface RememberedAnswer {
  question: string;
  language: Language;
  /** The answer was ephemeral: its continuations are too. */
  private: boolean;
  /** Every quote shown so far for this question: "more quotes" excludes them. */
  shown: Quote[];
  /** The quotes the message displays now: what a 👍 / 👎 is about. */
  displayed: Quote[];
  /** The dates and outlet the question was asked about: "more quotes" keeps to them. */
  filter?: ArticleFilter;
  /** Article id → citation number so far, so continuations keep the numbers. */
  citations: Array<[string, number]>;
}

/**
 * The answers whose buttons may still be pressed, by a short random key carried in the buttons'
 * custom ids (Discord caps those at 100 characters, far too small for a question and its quotes).
 */
export class AnswerMemory {
  private readonly answers: LruMap<string, RememberedAnswer>;

  constructor(capacity = 2000) {
    this.answers = new LruMap(capacity);
  }

  remember(answer: RememberedAnswer): string {
    const key = randomBytes(9).toString('base64url');
    this.answers.set(key, answer);
    return key;
  }

  get(key: string): RememberedAnswer | undefined {
    return this.answers.get(key);
  }

  update(key: string, answer: RememberedAnswer): void {
    this.answers.set(key, answer);
  }
}
