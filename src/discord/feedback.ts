import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

export type Vote = 'up' | 'down';

export interface FeedbackRecord {
  /** ISO time of the vote. */
  at: string;
  vote: Vote;
  question: string;
  /** The quotes the vote is about (what the message showed), by article and offsets. */
  quotes: Array<{ articleId: string; start: number; end: number }>;
  /** Salted hash of the voter's Discord id, never the id itself. */
  user: string;
}

/** Appends votes as JSON Lines to `<dataDir>/feedback.jsonl`, one write at a time. */
export class FeedbackLog {
  readonly file: string;
  private last: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'feedback.jsonl');
  }

  record(entry: FeedbackRecord): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    const write = this.last.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      await appendFile(this.file, line, 'utf8');
    });
    this.last = write.catch(() => undefined);
    return write;
  }
}
