/**
 * Synthetic Arabic news corpora for the benchmark, reproducible from a seed: the real sentences of
 * corpus/ and ../shared/eval/arcd/corpus/ (body text only, as the corpus reader cleans it),
 * recombined into articles of realistic length — a headline line, then 8–40 sentences in
 * paragraphs of 1–4 sentences. Article i depends only on the pool and (seed, i), so the corpus
 * of 1,000 articles is the first 1,000 of the corpus of 10,000, and questions can be drawn from
 * any article without reading the files back.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { splitSentences } from '../../src/arabic/index.ts';
import { readCorpus } from '../../src/corpus/index.ts';
import { mulberry32, pick, randomInt } from '../../tests/helpers/prng.ts';

/** Bump when the generator changes, so cached corpora are regenerated. */
const GENERATOR_VERSION = 2;
const MIN_SENTENCES = 8;
const MAX_SENTENCES = 40;
const MARKER = '.bench-corpus.json';

export interface SentencePool {
  sentences: string[];
  /** Sentences short enough to serve as a headline (without their final punctuation). */
  headlines: string[];
  sources: string[];
}

export interface GeneratedArticle {
  file: string;
  title: string;
  /** Paragraphs, each a list of sentences. */
  paragraphs: string[][];
}

const ARABIC_LETTER = /[\u0621-\u064a]/g;

/** Body sentences of the source corpora, deduplicated, mostly Arabic, of ordinary length. */
export async function loadSentencePool(dirs: string[]): Promise<SentencePool> {
  const seen = new Set<string>();
  const sentences: string[] = [];
  const sources: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    sources.push(dir);
    const { articles } = await readCorpus(dir);
    for (const article of articles) {
      for (const span of article.body) {
        for (const s of splitSentences(article.text, span.start, span.end)) {
          const sentence = article.text.slice(s.start, s.end).replace(/\s+/g, ' ').trim();
          if (sentence.length < 40 || sentence.length > 600 || seen.has(sentence)) continue;
          if ((sentence.match(ARABIC_LETTER)?.length ?? 0) < sentence.length * 0.6) continue;
          if (!/[.!؟?؛…»"”)]$/.test(sentence)) continue;
          seen.add(sentence);
          sentences.push(sentence);
        }
      }
    }
  }
  // corpus/ alone (no ../shared beside the clone) gives ~90: enough to run, with far more repetition.
  if (sentences.length < MIN_SENTENCES * 2) throw new Error(`only ${sentences.length} usable sentences in ${dirs.join(', ')}`);
  const headlines = sentences
    .map((s) => s.replace(/[.!؟?؛…:،,]+$/, '').trim())
    .filter((s) => s.length >= 25 && s.length <= 85 && !/[«»"“”()]/.test(s));
  return { sentences, headlines, sources };
}

/** Article i of the corpus with this seed: a pure function of (pool, seed, i). */
export function generateArticle(pool: SentencePool, seed: number, i: number): GeneratedArticle {
  const random = mulberry32((seed * 0x9e3779b1 + i * 0x85ebca77) >>> 0);
  const count = Math.min(randomInt(random, MIN_SENTENCES, MAX_SENTENCES), pool.sentences.length);
  const used = new Set<number>();
  const paragraphs: string[][] = [];
  let paragraph: string[] = [];
  let paragraphLength = randomInt(random, 1, 4);
  // Consecutive runs of the pool keep some of the source's topical flow.
  let cursor = randomInt(random, 0, pool.sentences.length - 1);
  for (let n = 0; n < count; n++) {
    if (random() < 0.35) cursor = randomInt(random, 0, pool.sentences.length - 1);
    while (used.has(cursor)) cursor = (cursor + 1) % pool.sentences.length;
    used.add(cursor);
    paragraph.push(pool.sentences[cursor]!);
    cursor = (cursor + 1) % pool.sentences.length;
    if (paragraph.length >= paragraphLength) {
      paragraphs.push(paragraph);
      paragraph = [];
      paragraphLength = randomInt(random, 1, 4);
    }
  }
  if (paragraph.length) paragraphs.push(paragraph);
  const title = pool.headlines.length ? pick(random, pool.headlines) : paragraphs[0]![0]!.slice(0, 80);
  return { file: articleFileName(i), title, paragraphs };
}

export function articleFileName(i: number): string {
  return `a${String(i).padStart(6, '0')}.txt`;
}

export function articleText(article: GeneratedArticle): string {
  return `${article.title}\n\n${article.paragraphs.map((p) => p.join(' ')).join('\n\n')}\n`;
}

/**
 * Writes `count` articles into `dir` unless a corpus of the same generator, pool and seed is
 * already there (a hidden marker file, which the corpus reader skips, records what was written).
 */
export async function writeCorpus(pool: SentencePool, seed: number, count: number, dir: string): Promise<{ reused: boolean }> {
  const wanted = { version: GENERATOR_VERSION, seed, count, sentences: pool.sentences.length };
  const markerFile = path.join(dir, MARKER);
  try {
    const marker = JSON.parse(await readFile(markerFile, 'utf8')) as typeof wanted;
    if (JSON.stringify(marker) === JSON.stringify(wanted)) return { reused: true };
  } catch {
    // no corpus yet, or an unreadable marker: write it anew
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const BATCH = 256;
  for (let i = 0; i < count; i += BATCH) {
    const writes: Promise<void>[] = [];
    for (let j = i; j < Math.min(count, i + BATCH); j++) {
      const article = generateArticle(pool, seed, j);
      writes.push(writeFile(path.join(dir, article.file), articleText(article)));
    }
    await Promise.all(writes);
  }
  await writeFile(markerFile, JSON.stringify(wanted));
  return { reused: false };
}

export interface BenchQuestion {
  question: string;
  /** The words taken from the sentence, without punctuation. */
  phrase: string;
  /** The article the sentence was taken from (other articles may hold it too). */
  file: string;
}

/** Text with punctuation turned into spaces and spaces collapsed, as phrases are made. */
export function phraseForm(text: string): string {
  return text.replace(PUNCTUATION, ' ').split(/\s+/).filter(Boolean).join(' ');
}

const PUNCTUATION = /[«»"“”().,:؛،!؟?…\-–]/g;

const QUESTION_WORDS = ['ما', 'من', 'متى', 'أين', 'كم', 'هل', 'لماذا', 'كيف', 'ماذا عن'];

/**
 * Questions as a reader would type them: a run of 4–8 words from a random sentence of a random
 * article, behind a question word. The article it came from is returned with it.
 */
export function generateQuestions(pool: SentencePool, seed: number, articles: number, count: number, questionSeed: number) {
  const random = mulberry32(questionSeed);
  const questions: BenchQuestion[] = [];
  while (questions.length < count) {
    const i = randomInt(random, 0, articles - 1);
    const article = generateArticle(pool, seed, i);
    const sentence = pick(random, pick(random, article.paragraphs));
    const words = phraseForm(sentence).split(' ');
    if (words.length < 6) continue;
    const length = randomInt(random, 4, Math.min(8, words.length));
    const start = randomInt(random, 0, words.length - length);
    const phrase = words.slice(start, start + length).join(' ');
    questions.push({ question: `${pick(random, QUESTION_WORDS)} ${phrase}؟`, phrase, file: article.file });
  }
  return questions;
}
