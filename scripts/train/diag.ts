import { readFile } from 'node:fs/promises';
import { normalizeForMatch } from '../../src/arabic/index.ts';
import { scoreSentences } from '../../src/answering/compose.ts';
import { answerModel } from '../../src/answering/model.ts';
import { parseQuestions } from '../../src/evaluation/questions.ts';
import { openEngine } from './collect.ts';

const corpus = '../shared/eval/arcd/corpus';
const qaFile = '../shared/eval/arcd/qa.jsonl';
const engine = await openEngine(corpus, 'embeddings/train/arcd/full');
const questions = parseQuestions(await readFile(qaFile, 'utf8'), qaFile).filter((q) => q.answerable);
const out: unknown[] = [];
for (const q of questions) {
  const answers = q.answers.map(normalizeForMatch).filter(Boolean);
  const has = (t: string) => answers.some((a) => normalizeForMatch(t).includes(a));
  const passages = await engine.search(q.question, 5);
  const art = (id: string) => engine.index.article(id);
  const all = scoreSentences(q.question, passages, art, (engine as any).termStatistics, answerModel(), 1000);
  const answer = await engine.ask(q.question);
  const cands = all.map((s) => ({
    a: s.articleId,
    s: s.start,
    e: s.end,
    len: s.end - s.start,
    hit: has(art(s.articleId).text.slice(s.start, s.end)),
    p: +s.probability.toFixed(3),
    ans: +s.answerable.toFixed(3),
  }));
  const passageHit = passages.map((p) => has(art(p.articleId).text.slice(p.start, p.end)));
  // answer spanning two adjacent candidates of the same article
  let split = false;
  for (const c of cands) for (const d of cands) if (c.a === d.a && d.s >= c.e && d.s - c.e < 5 && has(art(c.a).text.slice(c.s, d.e))) split = true;
  out.push({
    id: q.id,
    doc: q.docs[0],
    alen: Math.max(...q.answers.map((a) => a.length)),
    cands,
    passageHit,
    split,
    status: answer.status,
    quotes: answer.quotes.map((x) => ({ a: x.articleId, s: x.start, e: x.end, hit: has(x.text), len: x.text.length })),
  });
}
await (await import('node:fs/promises')).writeFile('/tmp/s9m/diag.json', JSON.stringify(out));
console.log('done', out.length);
