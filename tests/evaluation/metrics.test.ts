import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  computeMetrics,
  removalMetrics,
  MAX_ANSWER_CHARS,
  MAX_PASSAGE_CHARS,
  percentile,
  type EvalOutcome,
  type EvalPassage,
  type EvalQuestion,
} from '../../src/evaluation/metrics.ts';
import { parseQuestions } from '../../src/evaluation/questions.ts';
import { ARCD_CORPUS, SEED_QA } from '../helpers/fixtures.ts';

/**
 * A hand-made corpus: each document is a list of segments joined by line breaks, every segment padded to a
 * length chosen by hand, so that passages and quotes are real slices whose lengths are known in advance.
 */
class Corpus {
  private readonly texts = new Map<string, string>();

  /** Appends a segment of exactly `length` characters that begins with `core`; returns it as a slice of the doc. */
  segment(doc: string, core: string, length: number): EvalPassage {
    const filler = ' كلام عام';
    const text = (core + filler.repeat(Math.ceil(length / filler.length) + 1)).slice(0, length);
    if (text.length !== length || !text.startsWith(core)) throw new Error(`cannot make ${length} chars from ${core}`);
    const before = this.texts.get(doc);
    const start = before === undefined ? 0 : before.length + 1;
    this.texts.set(doc, before === undefined ? text : `${before}\n${text}`);
    return { doc, start, end: start + length, text };
  }

  /** Filler segments that hold no answer. */
  fillers(doc: string, count: number, length: number): EvalPassage[] {
    return Array.from({ length: count }, () => this.segment(doc, 'نص لا يجيب', length));
  }

  readonly docText = (doc: string): string | undefined => this.texts.get(doc);
}

function question(id: string, answers: string[], docs: string[], answerable = true): EvalQuestion {
  return { id, question: `سؤال ${id}`, answers, docs, answerable };
}

describe('computeMetrics on a hand-made set of six questions', () => {
  const corpus = new Corpus();

  // q1 — answerable, hit at rank 1; one verbatim quote of 80 chars containing the answer. 10 ms.
  const q1: EvalOutcome = {
    question: question('q1', ['الرياض'], ['a.txt']),
    passages: [corpus.segment('a.txt', 'افتتح المستشفى في الرياض', 100)],
    quotes: [corpus.segment('a.txt', 'افتتح المستشفى الجديد في الرياض', 80)],
    status: 'answered',
    ms: 10,
  };

  // q2 — answerable, rank 1 is from the right doc without the answer, hit at rank 2; its one quote (120 chars)
  // contains the answer but is NOT the doc's text at its offsets. 20 ms.
  const q2Segment = corpus.segment('a.txt', 'ويضم المستشفى مئتي سرير', 120);
  const q2: EvalOutcome = {
    question: question('q2', ['مئتي سرير'], ['a.txt']),
    passages: [corpus.fillers('a.txt', 1, 100)[0]!, corpus.segment('a.txt', 'وفيه مئتي سرير', 100)],
    // One letter changed: same length and offsets, still shows the answer, but not what the doc says.
    quotes: [{ ...q2Segment, text: q2Segment.text.replace('ويضم', 'وتضم') }],
    status: 'answered',
    ms: 20,
  };

  // q3 — answerable; rank 1 holds the answer in the right doc but is 1,600 chars (over the 1,500 limit), ranks 2–6
  // are fillers (100 chars each), rank 7 (200 chars) is the first hit. Its quotes total 600 + 400 = 1,000 chars,
  // over the 900-char budget, so the answer in the second quote does not count. 30 ms.
  const q3: EvalOutcome = {
    question: question('q3', ['درع الفرات'], ['c.txt']),
    passages: [
      corpus.segment('c.txt', 'بدأت عملية درع الفرات', 1600),
      ...corpus.fillers('c.txt', 5, 100),
      corpus.segment('c.txt', 'عملية درع الفرات', 200),
    ],
    quotes: [corpus.segment('c.txt', 'مقدمة طويلة', 600), corpus.segment('c.txt', 'وانطلقت درع الفرات', 400)],
    status: 'answered',
    ms: 30,
  };

  // q4 — answerable, a miss: rank 1 contains the answer but comes from b.txt, not one of the docs; ranks 2–10 are
  // fillers; rank 11 holds the answer in the right doc, beyond the top 10. The system refused: a false refusal. 40 ms.
  const q4: EvalOutcome = {
    question: question('q4', ['وزير الصحة'], ['a.txt']),
    passages: [
      corpus.segment('b.txt', 'قال وزير الصحة', 100),
      ...corpus.fillers('a.txt', 9, 100),
      corpus.segment('a.txt', 'وأعلن وزير الصحة', 100),
    ],
    quotes: [],
    status: 'not_found',
    ms: 40,
  };

  // q5 — unanswerable, refused (right). One 100-char passage. 50 ms.
  const q5: EvalOutcome = {
    question: question('q5', [], [], false),
    passages: corpus.fillers('b.txt', 1, 100),
    quotes: [],
    status: 'not_found',
    ms: 50,
  };

  // q6 — unanswerable, but answered with one verbatim 60-char quote (wrong). One 100-char passage. 1,000 ms.
  const q6: EvalOutcome = {
    question: question('q6', [], [], false),
    passages: corpus.fillers('b.txt', 1, 100),
    quotes: [corpus.segment('b.txt', 'جملة لا تجيب', 60)],
    status: 'answered',
    ms: 1000,
  };

  const metrics = computeMetrics([q1, q2, q3, q4, q5, q6], corpus.docText);

  it('the hand-made passages and quotes have the lengths the figures below assume', () => {
    expect(MAX_PASSAGE_CHARS).toBe(1500);
    expect(MAX_ANSWER_CHARS).toBe(900);
    const lengths = (o: EvalOutcome) => o.passages.map((p) => p.text.length);
    expect(lengths(q3)).toEqual([1600, 100, 100, 100, 100, 100, 200]);
    expect(q2.quotes[0]!.text).toHaveLength(120);
    expect(q2.quotes[0]!.text).not.toBe(corpus.docText('a.txt')!.slice(q2.quotes[0]!.start, q2.quotes[0]!.end));
    for (const o of [q1, q3, q6]) for (const q of o.quotes) expect(corpus.docText(q.doc)!.slice(q.start, q.end)).toBe(q.text);
  });

  it('counts n over every question', () => {
    expect(metrics.n).toBe(6);
  });

  it('recall_at_1 and recall_at_5 over the 4 answerable questions: hits at ranks 1, 2, 7 and none', () => {
    // @1: only q1 → 1/4. @5: q1 and q2 → 2/4.
    expect(metrics.recall_at_1).toBe(0.25);
    expect(metrics.recall_at_5).toBe(0.5);
  });

  it('mrr_at_10: (1/1 + 1/2 + 1/7 + 0) / 4 = 23/56', () => {
    // q3's 1,600-char passage at rank 1 does not count; q4's right-doc hit at rank 11 is past the top 10.
    expect(metrics.mrr_at_10).toBeCloseTo(23 / 56, 12);
  });

  it('quote_hit: q1 and q2 (a non-verbatim quote still shows the answer), not q3 (over 900 chars) nor q4 (refused): 2/4', () => {
    expect(metrics.quote_hit).toBe(0.5);
  });

  it("verbatim over all 5 quotes: only q2's is not the doc text at its offsets: 4/5", () => {
    expect(metrics.verbatim).toBe(0.8);
  });

  it('refusal_ok over the 2 unanswerable (q5 refused, q6 answered): 1/2; false_refusal over the 4 answerable (q4): 1/4', () => {
    expect(metrics.refusal_ok).toBe(0.5);
    expect(metrics.false_refusal).toBe(0.25);
  });

  it('mean_passage_chars: 3,900 chars in 23 passages; mean_answer_chars over the 4 answered: (80+120+1000+60)/4 = 315', () => {
    // passages: q1 100 | q2 100+100 | q3 1600+5×100+200 | q4 11×100 | q5 100 | q6 100 = 3,900 in 1+2+7+11+1+1 = 23.
    expect(metrics.mean_passage_chars).toBeCloseTo(3900 / 23, 12);
    expect(metrics.mean_answer_chars).toBe(315);
  });

  it('p50_ms and p95_ms by nearest rank over [10, 20, 30, 40, 50, 1000]: the 3rd and the 6th', () => {
    expect(metrics.p50_ms).toBe(30);
    expect(metrics.p95_ms).toBe(1000);
  });
});

describe('computeMetrics at the limits', () => {
  function single(passageLength: number, quoteLengths: number[]) {
    const corpus = new Corpus();
    const outcome: EvalOutcome = {
      question: question('limit', ['الرقة'], ['d.txt']),
      passages: [corpus.segment('d.txt', 'معركة الرقة', passageLength)],
      quotes: quoteLengths.map((n, i) => corpus.segment('d.txt', i === 0 ? 'تحرير الرقة' : 'نص', n)),
      status: 'answered',
      ms: 5,
    };
    return computeMetrics([outcome], corpus.docText);
  }

  it('a passage of exactly 1,500 chars counts, one of 1,501 does not', () => {
    expect(single(1500, [50])).toMatchObject({ recall_at_1: 1, mrr_at_10: 1 });
    expect(single(1501, [50])).toMatchObject({ recall_at_1: 0, recall_at_5: 0, mrr_at_10: 0 });
  });

  it('quotes totalling exactly 900 chars count, 901 do not', () => {
    expect(single(100, [500, 400]).quote_hit).toBe(1);
    expect(single(100, [500, 401]).quote_hit).toBe(0);
  });

  it('a metric whose population is empty is null, not 0', () => {
    expect(single(100, [50])).toMatchObject({ refusal_ok: null, n: 1 });
    expect(computeMetrics([], () => undefined)).toEqual({
      n: 0,
      recall_at_1: null,
      recall_at_5: null,
      mrr_at_10: null,
      quote_hit: null,
      verbatim: null,
      refusal_ok: null,
      false_refusal: null,
      mean_passage_chars: null,
      mean_answer_chars: null,
      p50_ms: null,
      p95_ms: null,
      first_quote_hit: null,
      highlight_hit: null,
      highlight_rate: null,
      uncertain_rate: null,
      answered_rate: null,
      answered_precision: null,
      not_found_rate: null,
    });
  });

  it('a quote from a document that cannot be read is not verbatim', () => {
    const corpus = new Corpus();
    const quote = corpus.segment('e.txt', 'قال الوزير', 40);
    const outcome: EvalOutcome = {
      question: question('x', ['الوزير'], ['e.txt']),
      passages: [],
      quotes: [{ ...quote, doc: 'missing.txt' }],
      status: 'answered',
      ms: 1,
    };
    expect(computeMetrics([outcome], corpus.docText).verbatim).toBe(0);
  });

  it('percentile is nearest-rank', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.51)).toBe(3);
    expect(
      percentile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBe(19);
  });
});

describe('computeMetrics matches answers on normalised text', () => {
  /** One answerable question whose only passage and only quote are `text`; recall_at_1 and quote_hit say whether `answer` matched. */
  function matches(answer: string, text: string): { recall: number | null; quote: number | null } {
    const doc = 'n.txt';
    const outcome: EvalOutcome = {
      question: question('norm', [answer], [doc]),
      passages: [{ doc, start: 0, end: text.length, text }],
      quotes: [{ doc, start: 0, end: text.length, text }],
      status: 'answered',
      ms: 1,
    };
    const m = computeMetrics([outcome], () => text);
    expect(m.verbatim).toBe(1);
    return { recall: m.recall_at_1, quote: m.quote_hit };
  }

  it.each([
    ['diacritics in the text', 'محمد', 'قال مُحَمَّدٌ إن الاجتماع انتهى'],
    ['diacritics in the answer', 'مُحَمَّد', 'قال محمد إن الاجتماع انتهى'],
    ['tatweel', 'جمال', 'وصل جـــمال إلى المدينة'],
    ['hamza above (أ → ا)', 'أنطاليا', 'اجتمعوا في مدينة انطاليا التركية'],
    ['hamza below (إ → ا)', 'إدلب', 'المعارك في ادلب مستمرة'],
    ['madda (آ → ا)', 'آستانة', 'مفاوضات استانه تبدأ غدا'],
    ['wasla (ٱ → ا)', 'القدس', 'زار مدينة ٱلقدس'],
    ['alif maqsura (ى → ي)', 'مستشفى', 'افتتح مستشفي جديد'],
    ['ta marbuta (ة → ه)', 'الرقة', 'معركة الرقه الأخيرة'],
    ['Arabic-Indic digits in the text', '24 أغسطس', 'منذ ٢٤ أغسطس الماضي'],
    ['Arabic-Indic digits in the answer', '٢٠١٧', 'منذ عام 2017 يكتب'],
    ['whitespace runs and line breaks', 'درع الفرات', 'عملية درع  \n  الفرات في الشمال'],
  ])('an answer that differs only by %s matches', (_what, answer, text) => {
    expect(matches(answer, text)).toEqual({ recall: 1, quote: 1 });
  });

  it.each([
    ['another word', 'دمشق', 'اجتمعوا في بيروت'],
    ['another letter', 'الرقة', 'سجل الرقم القياسي'],
    ['other digits', '24 أغسطس', 'منذ 42 أغسطس'],
  ])('an answer that differs by %s does not match', (_what, answer, text) => {
    expect(matches(answer, text)).toEqual({ recall: 0, quote: 0 });
  });
});

describe('parseQuestions', () => {
  it('accepts "docs": [...] and "doc": "...", skips blank lines, and fills in defaults', () => {
    const jsonl = [
      '{"id": "q1", "question": "في أي مدينة؟", "answers": ["أنطاليا"], "docs": ["a.txt", "b.txt"]}',
      '',
      '{"question": "متى؟", "answers": ["24 أغسطس"], "doc": "c.txt", "answer_spans": [[1, 9]]}',
      '{"id": "q4", "question": "ما هي عاصمة اليابان؟", "answers": [], "docs": [], "answerable": false}\r',
      '{"id": "q5", "question": "سؤال بلا مصدر؟"}',
    ].join('\n');
    expect(parseQuestions(jsonl, 'set.jsonl')).toEqual([
      { id: 'q1', question: 'في أي مدينة؟', answers: ['أنطاليا'], docs: ['a.txt', 'b.txt'], answerable: true },
      { id: 'line-3', question: 'متى؟', answers: ['24 أغسطس'], docs: ['c.txt'], answerable: true },
      { id: 'q4', question: 'ما هي عاصمة اليابان؟', answers: [], docs: [], answerable: false },
      { id: 'q5', question: 'سؤال بلا مصدر؟', answers: [], docs: [], answerable: true },
    ]);
  });

  it('names the file and line of a line that is not JSON', () => {
    const jsonl = '{"question": "أ؟", "answers": []}\n\n{"question": "ب؟", "answers": [}\n';
    expect(() => parseQuestions(jsonl, 'qa/bad.jsonl')).toThrow(/^qa\/bad\.jsonl:3: not valid JSON$/);
  });

  it.each([
    ['no question', '{"answers": ["x"]}', 'question'],
    ['an empty question', '{"question": "", "answers": ["x"]}', 'question'],
    ['answers that are not a list', '{"question": "أ؟", "answers": "x"}', 'answers'],
    ['a doc that is not a string', '{"question": "أ؟", "doc": 7}', 'doc'],
    ['answerable that is not a boolean', '{"question": "أ؟", "answerable": "no"}', 'answerable'],
  ])('names the file, line and field of a line with %s', (_what, bad, field) => {
    const jsonl = `{"question": "سؤال؟", "answers": ["x"], "docs": ["a.txt"]}\n${bad}`;
    let message = '';
    try {
      parseQuestions(jsonl, 'set.jsonl');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.startsWith(`set.jsonl:2: ${field}`), message).toBe(true);
  });

  it('reads the shared seed set: 32 questions, 4 of them unanswerable, every answerable one with docs and answers', async () => {
    const questions = parseQuestions(await readFile(SEED_QA, 'utf8'), SEED_QA);
    expect(questions).toHaveLength(32);
    expect(questions.filter((q) => !q.answerable)).toHaveLength(4);
    for (const q of questions.filter((x) => x.answerable)) {
      expect(q.docs.length, q.id).toBeGreaterThan(0);
      expect(q.answers.length, q.id).toBeGreaterThan(0);
    }
  });

  it('reads the shared ARCD set: 1,395 questions, each pointing at a file of the ARCD corpus', async () => {
    const file = path.join(ARCD_CORPUS, '../qa.jsonl');
    const questions = parseQuestions(await readFile(file, 'utf8'), file);
    expect(questions).toHaveLength(1395);
    const files = new Set(await readdir(ARCD_CORPUS));
    for (const q of questions) for (const doc of q.docs) expect(files.has(doc), `${q.id}: ${doc}`).toBe(true);
  });
});

describe('first_quote_hit, highlight_hit, highlight_rate, uncertain_rate and removal_refusal', () => {
  const doc = 'اجتمع القادة في مدينة أنطاليا التركية يوم الثلاثاء. وبحثوا الأوضاع في سوريا.';
  const first = { doc: 'a.txt', start: 0, end: doc.indexOf('.') + 1, text: doc.slice(0, doc.indexOf('.') + 1) };
  const second = { doc: 'a.txt', start: first.end + 1, end: doc.length, text: doc.slice(first.end + 1) };
  const at = (word: string) => ({ start: doc.indexOf(word), end: doc.indexOf(word) + word.length });
  const outcome = (answers: string[], status: EvalOutcome['status'], quotes: EvalOutcome['quotes']): EvalOutcome => ({
    question: question('q', answers, ['a.txt']),
    passages: [],
    status,
    quotes,
    ms: 1,
  });
  const outcomes = [
    // First quote holds the answer and its mark covers it (the answer is written without hamza).
    outcome(['انطاليا'], 'answered', [{ ...first, highlight: at('أنطاليا') }]),
    // First quote holds the answer, the mark is elsewhere in it.
    outcome(['أنطاليا'], 'answered', [{ ...first, highlight: at('الثلاثاء') }]),
    // Only the second quote holds it: a quote hit, not a first-quote hit; no mark.
    outcome(['سوريا'], 'answered', [{ ...first, highlight: null }, second]),
    // Uncertain: not a claim, so not a first-quote hit nor counted for highlights, but a refusal; its quote holds the answer.
    outcome(['أنطاليا'], 'uncertain', [{ ...first, highlight: at('أنطاليا') }]),
    // Answered, and its quote does not hold the answer.
    outcome(['حلب'], 'answered', [{ ...first, highlight: null }]),
    // Nothing quoted.
    outcome(['حلب'], 'not_found', []),
  ];
  const m = computeMetrics(outcomes, () => doc);

  it('first_quote_hit over the 6 answerable: the first two', () => expect(m.first_quote_hit).toBe(2 / 6));
  it('quote_hit counts every reply that quotes: the third (second quote) and the uncertain one too', () => expect(m.quote_hit).toBe(4 / 6));
  it('highlight_hit over the 2 answered with a mark: the one whose mark overlaps the answer', () => expect(m.highlight_hit).toBe(1 / 2));
  it('highlight_rate over the 4 answered answerable: the 2 whose first quote has a mark', () => expect(m.highlight_rate).toBe(2 / 4));
  it('uncertain_rate and false_refusal both count the uncertain answer', () => {
    expect(m.uncertain_rate).toBe(1 / 6);
    expect(m.false_refusal).toBe(2 / 6);
  });
  it('answered_rate, answered_precision (of the 4 answered, the 3 whose quotes hold the answer) and not_found_rate', () => {
    expect(m.answered_rate).toBe(4 / 6);
    expect(m.answered_precision).toBe(3 / 4);
    expect(m.not_found_rate).toBe(1 / 6);
  });
  it('removal_refusal: the share not answered (uncertain and not_found both count)', () => {
    const removal = [outcome([], 'answered', []), outcome([], 'uncertain', []), outcome([], 'not_found', []), outcome([], 'not_found', [])];
    expect(removalMetrics(removal)).toEqual({ removal_refusal: 3 / 4, removal_n: 4 });
    expect(removalMetrics([])).toEqual({ removal_refusal: null, removal_n: 0 });
  });
});
