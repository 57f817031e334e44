// A temporary corpus: the five articles plus a 20 KB one whose title and body are full of
// mentions and markdown, to drive the formatting limits end to end.

import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CORPUS_DIR } from './harness.ts';

export const LONG_ARTICLE_ID = '005_long_article.md';
export const LONG_TITLE = 'عاجل @everyone: **اجتماع** <@123456789012345678> في `أنطاليا` ||سري|| حول القواعد العسكرية';

const SENTENCES = [
  'قال المتحدث @everyone إن الاجتماع العسكري في أنطاليا ناقش **القواعد** الجوية <@123456789012345678> والتنسيق الميداني.',
  'وأضاف أن الوفود بحثت `خطة` الانتشار قرب الحدود، وأن ||النتائج|| ستعلن لاحقا @here.',
  'وأشار مسؤول إلى أن <@&987654321098765432> القوات المشتركة ستواصل الدوريات في المنطقة خلال الأسابيع المقبلة.',
  '> وذكرت مصادر أن # المحادثات شملت - ملفات الطاقة و1. الحدود و[رابط](https://example.com) الإغاثة.',
];

/** Creates the corpus folder and returns its path. */
export function corpusWithLongArticle(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'isnad-corpus-'));
  for (const file of readdirSync(CORPUS_DIR)) copyFileSync(path.join(CORPUS_DIR, file), path.join(dir, file));
  const paragraphs: string[] = [];
  let size = 0;
  for (let i = 0; size < 20_000; i++) {
    const paragraph = SENTENCES.map((s, j) => `${s.replace('.', ` رقم ${i * 4 + j}.`)}`).join(' ');
    paragraphs.push(paragraph);
    size += paragraph.length + 2;
  }
  writeFileSync(path.join(dir, LONG_ARTICLE_ID), `# ${LONG_TITLE}\n\n${paragraphs.join('\n\n')}\n`);
  return dir;
}
