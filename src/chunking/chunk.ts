import { createHash } from 'node:crypto';
import { splitSentences, type Span } from '../arabic/index.ts';

export interface ChunkingOptions {
  /** A chunk grows sentence by sentence up to this many characters (a longer single sentence stays whole). */
  maxChars: number;
  /** Sentences repeated at the start of the next chunk of the same paragraph. */
  overlapSentences: number;
}

export interface Chunk {
  articleId: string;
  /** [start, end) in the article's original text: `text === article.text.slice(start, end)`. */
  start: number;
  end: number;
  text: string;
  /** sha256 of the text, the key of the vector cache. */
  textHash: string;
}

interface ChunkableArticle {
  id: string;
  text: string;
  body: readonly Span[];
}

/**
 * Cuts an article's body into sentence-aligned chunks. A chunk never spans a gap that holds
 * boilerplate, so every chunk is one clean piece of the original text.
 */
export function chunkArticle(article: ChunkableArticle, options: ChunkingOptions): Chunk[] {
  const chunks: Chunk[] = [];
  for (const paragraph of joinAdjacentSpans(article.text, article.body, options.maxChars)) {
    const sentences = splitSentences(article.text, paragraph.start, paragraph.end);
    let first = 0;
    while (first < sentences.length) {
      let last = first;
      while (last + 1 < sentences.length && sentences[last + 1]!.end - sentences[first]!.start <= options.maxChars) {
        last++;
      }
      chunks.push(makeChunk(article, sentences[first]!.start, sentences[last]!.end));
      if (last + 1 >= sentences.length) break;
      first = Math.max(first + 1, last + 1 - options.overlapSentences);
    }
  }
  return chunks;
}

/** Merges body spans separated only by whitespace while the result stays within maxChars. */
function joinAdjacentSpans(text: string, body: readonly Span[], maxChars: number): Span[] {
  const joined: Span[] = [];
  for (const span of body) {
    const previous = joined.at(-1);
    if (previous && span.end - previous.start <= maxChars && text.slice(previous.end, span.start).trim() === '') {
      previous.end = span.end;
    } else {
      joined.push({ start: span.start, end: span.end });
    }
  }
  return joined;
}

function makeChunk(article: ChunkableArticle, start: number, end: number): Chunk {
  const text = article.text.slice(start, end);
  return { articleId: article.id, start, end, text, textHash: hashText(text) };
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
