import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { BuiltinEmbedder } from '../../src/embedding/builtin-embedder.ts';
import { TempDirs } from '../helpers/fixtures.ts';
import { DEFAULT_BUILTIN_DIMS } from '../helpers/index-settings.ts';

const ARTICLES: Record<string, string> = {
  'hospital.txt': [
    'افتتاح مستشفى جديد في مدينة الرياض',
    '',
    'افتتحت وزارة الصحة السعودية مستشفى جديدا في مدينة الرياض يوم الأحد الماضي بحضور عدد من المسؤولين.',
    'ويضم المستشفى الجديد مئتي سرير وقسما كاملا لعلاج الأطفال وآخر للطوارئ.',
    'وقال وزير الصحة إن المستشفى سيخدم أكثر من مليون نسمة في شمال المدينة.',
  ].join('\n'),
  'dam.txt': [
    'اكتمال بناء السد الكبير على النهر',
    '',
    'أعلنت الحكومة اكتمال بناء السد الكبير على النهر بعد عشر سنوات من العمل المتواصل.',
    'ويبلغ ارتفاع السد مئة وخمسة وأربعين مترا، ويخزن كميات كبيرة من المياه للري.',
    'وأكد المهندسون أن محطة الكهرباء الملحقة بالسد ستبدأ العمل في الصيف المقبل.',
  ].join('\n'),
  'football.txt': [
    'فوز نادي الهلال ببطولة الدوري',
    '',
    'فاز نادي الهلال ببطولة الدوري بعد تغلبه على النصر بثلاثة أهداف مقابل هدف واحد في المباراة الختامية.',
    'وسجل المهاجم سالم الدوسري هدفين في الشوط الثاني من المباراة أمام جمهور كبير.',
    'وتسلم قائد الفريق الكأس في حفل أقيم على أرض الملعب بعد نهاية اللقاء.',
  ].join('\n'),
};

const QUESTIONS = [
  { id: 'e1', question: 'كم سريرا يضم المستشفى الجديد في الرياض؟', answers: ['مئتي سرير'], docs: ['hospital.txt'] },
  { id: 'e2', question: 'بعد كم سنة اكتمل بناء السد الكبير؟', answers: ['عشر سنوات'], docs: ['dam.txt'] },
  { id: 'e3', question: 'من سجل هدفين في المباراة الختامية؟', answers: ['سالم الدوسري'], doc: 'football.txt' },
  { id: 'e4', question: 'ما هي عاصمة اليابان؟', answers: [], docs: [], answerable: false },
  // e1 again with an answer string that no article holds: no passage or quote can contain it.
  { id: 'e5', question: 'كم سريرا يضم المستشفى الجديد في الرياض؟', answers: ['ألف سرير'], docs: ['hospital.txt'] },
];

/** What the index holds of an article: its body, the lines after the title. */
const bodyOf = (text: string) => text.split('\n').slice(2).join('\n');

const KEYS = [
  'n',
  'recall_at_1',
  'recall_at_5',
  'mrr_at_10',
  'quote_hit',
  'verbatim',
  'refusal_ok',
  'false_refusal',
  'mean_passage_chars',
  'mean_answer_chars',
  'p50_ms',
  'p95_ms',
  'first_quote_hit',
  'highlight_hit',
  'highlight_rate',
  'uncertain_rate',
  'answered_rate',
  'answered_precision',
  'not_found_rate',
  'index_seconds',
  'embedder',
];

const temp = new TempDirs();
let corpusDir = '';
let qaFile = '';
let indexDir = '';
let defaultIndexDir = '';

beforeAll(async () => {
  corpusDir = await temp.make('eval-corpus');
  indexDir = path.join(await temp.make('eval-index'), 'index');
  defaultIndexDir = await temp.make('eval-embeddings');
  for (const [name, text] of Object.entries(ARTICLES)) await writeFile(path.join(corpusDir, name), `${text}\n`);
  qaFile = path.join(await temp.make('eval-qa'), 'qa.jsonl');
  await writeFile(qaFile, `${QUESTIONS.map((q) => JSON.stringify(q)).join('\n')}\n`);
  // No model download, and nothing written under the repository's embeddings/ whatever .env says.
  vi.stubEnv('EMBEDDER', 'builtin');
  vi.stubEnv('ALLOW_REMOTE_MODELS', 'false');
  vi.stubEnv('INDEX_DIR', defaultIndexDir);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await temp.removeAll();
});

describe('isnad eval', () => {
  let code = -1;
  const out: string[] = [];
  const err: string[] = [];

  beforeAll(async () => {
    code = await main(['eval', '--corpus', corpusDir, '--qa', qaFile, '--json', '--index-dir', indexDir], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
  });

  it('exits 0 with nothing on stderr and its index in --index-dir', () => {
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(existsSync(path.join(indexDir, 'manifest.json'))).toBe(true);
  });

  it('prints every metric on a line of its own, then all of them as JSON on the last line', () => {
    expect(out).toHaveLength(KEYS.length + 1);
    const table = out.slice(0, -1).map((line) => line.split(/\s+/)[0]);
    expect(table.sort()).toEqual([...KEYS].sort());
    const json = JSON.parse(out.at(-1)!) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual([...KEYS].sort());
  });

  it('reports the figures counted by hand for this corpus', () => {
    const m = JSON.parse(out.at(-1)!) as Record<string, number | string | null>;
    expect(m.n).toBe(5);
    expect(m.embedder).toBe(BuiltinEmbedder.idFor(DEFAULT_BUILTIN_DIMS));
    // Four answerable questions. e1–e3 each name words of one article only, which ranks first and
    // holds the answer; e5's answer is in no article: 3 of 4 found, all at rank 1.
    expect(m.recall_at_1).toBe(0.75);
    expect(m.recall_at_5).toBe(0.75);
    expect(m.mrr_at_10).toBe(0.75);
    // e1–e3 are answered with the sentence holding the answer; e5's answer cannot be quoted.
    expect(m.quote_hit).toBe(0.75);
    expect(m.false_refusal).toBe(0);
    // All four answered; e5's quotes cannot hold its answer.
    expect(m.answered_rate).toBe(1);
    expect(m.answered_precision).toBe(0.75);
    expect(m.not_found_rate).toBe(0);
    // e4: nothing in the corpus is about Japan.
    expect(m.refusal_ok).toBe(1);
    expect(m.verbatim).toBe(1);
    // Each article is one chunk, and every question's passages are the three of them (each body once).
    const bodies = Object.values(ARTICLES).map((t) => bodyOf(t).length);
    expect(m.mean_passage_chars).toBe(bodies.reduce((sum, n) => sum + n, 0) / bodies.length);
    // Answers quote whole sentences of one article, at most all of its body.
    expect(m.mean_answer_chars as number).toBeGreaterThan(0);
    expect(m.mean_answer_chars as number).toBeLessThanOrEqual(Math.max(...bodies));
    expect(m.p95_ms as number).toBeGreaterThanOrEqual(m.p50_ms as number);
  });

  it('refuses to run without --qa, with a usage error', async () => {
    const errors: string[] = [];
    expect(await main(['eval', '--corpus', corpusDir], { out: () => {}, err: (line) => errors.push(line) })).toBe(2);
    expect(errors.join('\n')).toContain('eval needs --corpus DIR and --qa FILE');
  });

  it('names the file and line of a bad question line', async () => {
    const bad = path.join(path.dirname(qaFile), 'bad.jsonl');
    await writeFile(bad, `${JSON.stringify(QUESTIONS[0])}\n{"question": }\n`);
    const errors: string[] = [];
    expect(
      await main(['eval', '--corpus', corpusDir, '--qa', bad, '--index-dir', indexDir], {
        out: () => {},
        err: (line) => errors.push(line),
      }),
    ).toBe(1);
    expect(errors).toEqual([`isnad: ${bad}:2: not valid JSON`]);
  });

  it("--remove-gold asks each article's questions of the corpus without it, and adds removal_refusal and removal_n", async () => {
    const lines: string[] = [];
    const run = (extra: string[]) =>
      main(['eval', '--corpus', corpusDir, '--qa', qaFile, '--json', '--index-dir', indexDir, '--remove-gold', ...extra], {
        out: (line) => lines.push(line),
        err: () => {},
      });
    expect(await run([])).toBe(0);
    const all = JSON.parse(lines.at(-1)!) as Record<string, number>;
    // Counted by hand: without hospital.txt e1 and e5 (no other article says مئتي سرير or ألف سرير),
    // without dam.txt e2, without football.txt e3; Japan (e4) has no article.
    expect(all.removal_n).toBe(4);
    expect(all.removal_refusal).toBeGreaterThanOrEqual(0);
    expect(all.removal_refusal).toBeLessThanOrEqual(1);
    expect(Object.keys(all).sort()).toEqual([...KEYS, 'removal_refusal', 'removal_n'].sort());
    expect(await run(['--sample', '2', '--seed', '7'])).toBe(0);
    // Two of the three articles: hospital with dam or football (3 questions), or dam with football (2).
    expect([2, 3]).toContain((JSON.parse(lines.at(-1)!) as Record<string, number>).removal_n);
  });

  it('takes --sample only with --remove-gold, and --seed with --remove-gold or --near-miss', async () => {
    const errors: string[] = [];
    const io = { out: () => {}, err: (line: string) => errors.push(line) };
    expect(await main(['eval', '--corpus', corpusDir, '--qa', qaFile, '--sample', '2'], io)).toBe(2);
    expect(errors.join('\n')).toContain('--sample goes with --remove-gold');
    expect(await main(['eval', '--corpus', corpusDir, '--qa', qaFile, '--seed', '2'], io)).toBe(2);
    expect(errors.join('\n')).toContain('--seed goes with --remove-gold or --near-miss');
  });

  it('--near-miss asks each question with a year of its article swapped for one the corpus lacks or holds elsewhere', async () => {
    const dir = await temp.make('near-miss-corpus');
    await writeFile(
      path.join(dir, 'hospital.txt'),
      'افتتاح مستشفى في الرياض\n\nافتتحت وزارة الصحة مستشفى جديدا يضم مئتي سرير في عام 2019 بحضور الوزير.\n',
    );
    await writeFile(path.join(dir, 'dam.txt'), 'اكتمال بناء السد\n\nبدأ بناء السد الكبير على النهر في عام 2015 واكتمل بعد عشر سنوات.\n');
    const qa = path.join(dir, '..', 'near-miss-qa.jsonl');
    await writeFile(
      qa,
      `${JSON.stringify({ id: 'y1', question: 'كم سريرا يضم المستشفى الذي افتتح عام 2019؟', answers: ['مئتي سرير'], docs: ['hospital.txt'] })}\n`,
    );
    const lines: string[] = [];
    const run = (extra: string[]) =>
      main(['eval', '--corpus', dir, '--qa', qa, '--json', '--near-miss', ...extra], { out: (line) => lines.push(line), err: () => {} });
    expect(await run([])).toBe(0);
    const m = JSON.parse(lines.at(-1)!) as Record<string, number | null>;
    // 2019 swapped for a year no article gives, and for 2015, which only dam.txt gives.
    expect(m.near_miss_absent_n).toBe(1);
    expect(m.near_miss_present_n).toBe(1);
    for (const key of ['near_miss_refusal_absent', 'near_miss_refusal_present']) expect([0, 1]).toContain(m[key]);
    expect(await run(['--seed', '5'])).toBe(0);
    expect((JSON.parse(lines.at(-1)!) as Record<string, number>).near_miss_absent_n).toBe(1);
  });
});
