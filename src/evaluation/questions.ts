import * as z from '../zod.ts';
import type { EvalQuestion } from './metrics.ts';

const line = z.looseObject({
  id: z.optional(z.string()),
  question: z.string().check(z.minLength(1)),
  answers: z._default(z.array(z.string()), []),
  docs: z.optional(z.array(z.string())),
  doc: z.optional(z.string()),
  answerable: z.optional(z.boolean()),
});

/** Parses a JSON Lines question file; accepts `"docs": [...]` and `"doc": "..."`. */
export function parseQuestions(jsonl: string, fileName: string): EvalQuestion[] {
  const questions: EvalQuestion[] = [];
  jsonl.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new Error(`${fileName}:${i + 1}: not valid JSON`);
    }
    const parsed = line.safeParse(json);
    if (!parsed.success) {
      const problem = parsed.error.issues[0]!;
      throw new Error(`${fileName}:${i + 1}: ${problem.path.join('.') || 'line'}: ${problem.message}`);
    }
    const q = parsed.data;
    const docs = q.docs ?? (q.doc ? [q.doc] : []);
    questions.push({
      id: q.id ?? `line-${i + 1}`,
      question: q.question,
      answers: q.answers,
      docs,
      answerable: q.answerable ?? true,
    });
  });
  return questions;
}
