// Generated corpora for the hardening tests: real Arabic sentences from corpus/, recombined with a
// seeded generator, so the text is Arabic news prose (not random strings) and runs are reproducible.

import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NEWS_CORPUS } from '../helpers/fixtures.ts';
import { mulberry32 } from '../helpers/prng.ts';

/** The sentences of the five news articles (split after . ! ? ؟ and line ends), each at least 40 characters. */
export async function newsSentences(): Promise<string[]> {
  const sentences: string[] = [];
  for (const name of (await readdir(NEWS_CORPUS)).sort()) {
    const text = await readFile(path.join(NEWS_CORPUS, name), 'utf8');
    for (const s of text.split(/(?<=[.!?؟])\s+|\n+/u)) {
      const t = s.trim();
      if (t.length >= 40) sentences.push(t);
    }
  }
  return sentences;
}

/** Paragraphs of `perParagraph` sentences drawn at random, separated by blank lines, until `chars` is reached. */
export function arabicText(sentences: string[], random: () => number, chars: number, perParagraph = 4): string {
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const paragraph = Array.from({ length: perParagraph }, () => sentences[Math.floor(random() * sentences.length)]!).join(' ');
    parts.push(paragraph);
    length += paragraph.length + 2;
  }
  return parts.join('\n\n');
}

/**
 * `count` small articles (a headline and two short paragraphs) in `dir`, spread over sub-folders of
 * 1,000 files, named `NNNN/article-NNNNN.txt`. Returns their ids.
 */
export async function writeSmallArticles(dir: string, count: number, seed: number): Promise<string[]> {
  const sentences = await newsSentences();
  const random = mulberry32(seed);
  const ids: string[] = [];
  for (let folder = 0; folder * 1000 < count; folder++) {
    const sub = String(folder).padStart(4, '0');
    await mkdir(path.join(dir, sub), { recursive: true });
    const batch: Promise<void>[] = [];
    for (let i = folder * 1000; i < Math.min(count, (folder + 1) * 1000); i++) {
      const id = `${sub}/article-${String(i).padStart(5, '0')}.txt`;
      const headline = `خبر رقم ${i}: ${sentences[Math.floor(random() * sentences.length)]!.slice(0, 60)}`;
      const text = `${headline}\n\n${arabicText(sentences, random, 250, 2)}\n`;
      ids.push(id);
      batch.push(writeFile(path.join(dir, id), text));
    }
    await Promise.all(batch);
  }
  return ids;
}
