/**
 * A corpus of the five news articles with front matter, and the same stories republished by other
 * outlets (their front matter, a reworded phrase, a dropped line): what near-duplicate detection
 * and citations with dates, outlets and links are tested on.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatFrontMatter } from '../../src/corpus/index.ts';
import { copyCorpus, fileStartingWith, NEWS_CORPUS } from './fixtures.ts';

export const ANTALYA = {
  title: 'اجتماع رؤساء الأركان في أنطاليا',
  outlet: 'وكالة الأناضول',
  published: '2017-03-07',
  url: 'https://example.com/news/antalya',
};
export const ANTALYA_COPY = { outlet: 'ترك برس', published: '2017-03-08T09:30:00+03:00', url: 'https://example.org/story?id=7' };
export const ANTALYA_SECOND_COPY = { outlet: 'الشرق الأوسط', published: '2017-03-09' };
export const BAB = { outlet: 'الشرق الأوسط', published: '2017-02-10', author: 'مراسل أنقرة', section: 'عربي ودولي' };

export interface StoryCorpus {
  /** The article with front matter whose story is republished. */
  original: string;
  /** Its copies: another outlet's front matter, one phrase reworded / the last paragraph dropped. */
  copies: [string, string];
  /** An article with front matter, CRLF line ends and a BOM. */
  crlf: string;
}

export async function makeStoryCorpus(dir: string): Promise<StoryCorpus> {
  await copyCorpus(NEWS_CORPUS, dir);
  const originalName = await fileStartingWith(dir, '002');
  const story = await readFile(path.join(NEWS_CORPUS, originalName), 'utf8');
  await writeFile(path.join(dir, originalName), formatFrontMatter(ANTALYA) + story);
  const copies: [string, string] = ['010_turk_press.txt', '011_asharq.txt'];
  await writeFile(path.join(dir, copies[0]), formatFrontMatter(ANTALYA_COPY) + story.replaceAll('سعيا للتنسيق', 'بهدف التنسيق'));
  const paragraphs = story.trimEnd().split('\n');
  await writeFile(path.join(dir, copies[1]), formatFrontMatter(ANTALYA_SECOND_COPY) + paragraphs.slice(0, -3).join('\n'));
  const crlf = await fileStartingWith(dir, '000');
  const bab = await readFile(path.join(NEWS_CORPUS, crlf), 'utf8');
  await writeFile(path.join(dir, crlf), `\uFEFF${formatFrontMatter(BAB)}${bab}`.replace(/\n/g, '\r\n'));
  return { original: originalName, copies, crlf };
}
