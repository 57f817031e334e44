// The shapes of the JSON parts of an index generation, checked when they are read: a part that
// passed its checksum but does not have its shape (written by another version) is damaged, so the
// index is rebuilt. The manifest's schema is in store.ts.
import * as z from '../zod.ts';
import { CorruptIndexError } from './store.ts';

const offset = z.int().check(z.nonnegative());

/**
 * articles.N.json: each article without its text (that is in texts.N.bin, `length` UTF-16 units
 * long). Loose, so fields a later version adds to articles are kept.
 */
export const storedArticlesSchema = z.array(
  z.looseObject({
    id: z.string(),
    title: z.string(),
    outlet: z.nullable(z.string()),
    hash: z.string(),
    length: offset,
    body: z.array(z.object({ start: offset, end: offset })),
  }),
);

/** chunks.N.json: each chunk's label (in the HNSW graph and BM25), article and offsets. */
export const chunksSchema = z.array(z.object({ label: offset, articleId: z.string(), start: offset, end: offset, textHash: z.string() }));

/** lexical.N.json: how to read postings.N.bin. */
export const lexicalMetaSchema = z.object({
  format: z.string(),
  k1: z.number(),
  b: z.number(),
  terms: z.array(z.string()),
  documents: offset,
  postings: offset,
  tfBytes: z.union([z.literal(2), z.literal(4)]),
});

export function parseJson(bytes: Buffer, part: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new CorruptIndexError(`the ${part} file is not valid JSON`);
  }
}

/** A JSON part of the index, checked against its schema (part-schemas.ts). */
export function parsePart<T>(bytes: Buffer, part: string, schema: z.ZodMiniType<T>): T {
  const parsed = schema.safeParse(parseJson(bytes, part));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CorruptIndexError(`the ${part} file is not in the expected shape (${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  return parsed.data;
}
