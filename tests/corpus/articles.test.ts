import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArticle, type Article } from '../../src/corpus/index.ts';
import { ARCD_CORPUS } from '../helpers/fixtures.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.join(here, '../../corpus');
const ARCD_FIXTURES = path.join(here, 'fixtures/arcd');

function load(file: string): Article {
  return parseArticle(file, readFileSync(path.join(CORPUS, file), 'utf8'));
}

function bodyTexts(a: Article): string[] {
  return a.body.map((s) => a.text.slice(s.start, s.end));
}

function expectWellFormedSpans(a: Article): void {
  let previousEnd = 0;
  for (const span of a.body) {
    expect(span.start).toBeGreaterThanOrEqual(previousEnd);
    expect(span.end).toBeGreaterThan(span.start);
    expect(span.end).toBeLessThanOrEqual(a.text.length);
    const slice = a.text.slice(span.start, span.end);
    expect(slice).toBe(slice.trim());
    previousEnd = span.end;
  }
}

interface Expected {
  file: string;
  title: string;
  outlet: string | null;
  paragraphs: number;
  /** Sentences that must survive, each inside one body span. */
  keep: string[];
  /** Chrome that must not be inside any body span. */
  drop: string[];
}

const ARTICLES: Expected[] = [
  {
    file: '000_5418153b5098ba54.txt',
    title: 'بعد التلويح بإغلاق إنجرليك... «التحالف» وموسكو يدعمان معركة الباب',
    outlet: 'الشرق الأوسط',
    paragraphs: 15,
    keep: [
      'تلقت تركيا دفعة كبيرة من روسيا والتحالف الدولي للحرب على «داعش»',
      'وقالت مصادر تركية لـ«الشرق الأوسط»، إن الطائرات الروسية قامت من قبل بقصف جوي',
      'وسيتم توجيه الدعوة للدول المذكورة من قبل كازاخستان الدولة المستضيفة.',
    ],
    drop: [
      'بعد التلويح بإغلاق إنجرليك',
      'أول عملية جوية روسية تركية مشتركة بالاتفاق مع النظام',
      'لم تشترك بعد',
      'انشئ حساباً خاصاً بك',
    ],
  },
  {
    file: '001_864faea840389226.txt',
    title: 'استئناف الغارات على إدلب يفند التنسيق بين موسكو وأنقرة',
    outlet: null,
    paragraphs: 23,
    keep: [
      'غارات روسية على محافظة إدلب هي الأولى من نوعها منذ سبتمبر الماضي تكشف تضارب المصالح الروسية والتركية رغم تصريحات تفيد بأن التنسيق بين الجانبين يسير في اتجاه واحد.',
      'إسطنبول - أعلن وزير الدفاع التركي خلوصي آكار، اليوم الخميس',
      'ونقلت وكالة "الأناضول" التركية عنه القول',
      'كما هددت بأن هذا من شأنه تقويض بعض جوانب التعاون العسكري بين البلدين.',
    ],
    drop: [
      'استئناف الغارات على إدلب يفند التنسيق',
      'تركيا تبحث عن إنشاء "مركز تنسيق" مع روسيا في إدلب',
      'وزير الدفاع التركي يؤكد وصول مقاتلات إف35- في نوفمبر القادم',
      'هجوم لقوات النظام على معاقل المعارضة بدعم روسي',
      'الوجود التركي على تخوم إدلب لم يمكن إنقرة من السيطرة على الوضع',
      'جهاديو هيئة تحرير الشام يسيطرون على إدلب',
    ],
  },
  {
    file: '002_10ecb58a6e64aa15.txt',
    title: 'اجتماع لقادة أركان الجيش التركي والروسي والأمريكي لتنسيق خطة عسكرية في سوريا',
    outlet: null,
    paragraphs: 8,
    keep: [
      'فضلا عن عملية عسكرية مرتقبة ضد تنظيم داعش في مدينة الرقة.',
      'وأن عدد المركبات المصفحة في المنطقة أقل من 12.',
      'والمحادثات بيننا مستمرة على مستوى تقني وعسكري في هذا الصدد”.',
    ],
    drop: [
      'الدول الثلاث في...',
      'رئيس الأركان التركي خلوصي آكار ونظيريه الأمريكي فرانسيس دانفورد',
      'رتل أمريكي في طريقه إلى منبج',
      'مدرعات تابعة للجيش الأمريكي في منبج',
      'أقسام',
      'أخبار متعلقة',
    ],
  },
  {
    file: '003_6ba7dc6cd6667daf.txt',
    title: 'اتصالات عسكرية بين موسكو وأنقرة لوقف النار في إدلب',
    outlet: 'الشرق الأوسط',
    paragraphs: 16,
    keep: [
      'بحث رئيس الأركان التركي يشار جولار مع نظيره الروسي فاليري جيراسيموف',
      'وقال سيجري، في تغريدة على «تويتر»، أمس (السبت)',
      'في إشارة إلى «وحدات حماية الشعب» الكردية التي تعتبرها تركيا تنظيماً إرهابياً.',
    ],
    drop: ['أخبار عاجلة', 'الرئيسية', 'الشأن السوري', 'اتصالات عسكرية بين موسكو وأنقرة لوقف النار', 'المصدر'],
  },
  {
    file: '004_a28b00397c7848ac.txt',
    title: 'تركيا تفشل في إقناع روسيا بشأن سحب الجيش السوري من أدلب',
    outlet: null,
    paragraphs: 11,
    keep: [
      'صرحت تركيا، مساء اليوم الثلاثاء، بأنها فشلت في إقناع روسيا',
      'وفقًا لما نقلته وكالة "إنترفاكس" للأنباء عن مسؤول في وزارة الدفاع الروسية.',
    ],
    drop: ['تركيا تفشل في إقناع روسيا', 'عربي ودولي', 'فصائل سورية مسلحة', 'أرشيفية'],
  },
];

describe('parseArticle on the five news articles', () => {
  for (const expected of ARTICLES) {
    describe(expected.file, () => {
      const article = load(expected.file);
      const body = bodyTexts(article);

      it('finds the headline and the outlet', () => {
        expect(article.title).toBe(expected.title);
        expect(article.outlet).toBe(expected.outlet);
      });

      it('keeps every body paragraph and nothing else', () => {
        expect(body).toHaveLength(expected.paragraphs);
        for (const sentence of expected.keep) expect(body.some((p) => p.includes(sentence)), sentence).toBe(true);
        for (const chrome of expected.drop) expect(body.filter((p) => p.includes(chrome)), chrome).toEqual([]);
        expect(body.some((p) => p.includes(article.title)), 'title inside body').toBe(false);
      });

      it('returns spans that are trimmed lines of the unchanged text, in order', () => {
        const raw = readFileSync(path.join(CORPUS, expected.file));
        expect(article.id).toBe(expected.file);
        expect(article.text).toBe(raw.toString('utf8'));
        expect(article.hash).toBe(createHash('sha256').update(raw).digest('hex'));
        expectWellFormedSpans(article);
        for (const p of body) expect(p).not.toMatch(/\n/);
        // Every body span is a whole line of the file.
        const lines = new Set(article.text.split('\n').map((l) => l.trim()));
        for (const p of body) expect(lines.has(p)).toBe(true);
      });
    });
  }

  it('drops the teaser that is a truncated copy of a later paragraph (002)', () => {
    const body = bodyTexts(load('002_10ecb58a6e64aa15.txt'));
    expect(body.filter((p) => /(\.\.\.|…)$/.test(p))).toEqual([]);
    expect(body.filter((p) => p.startsWith('اجتمع رؤساء أركان جيوش كل من تركيا وروسيا'))).toHaveLength(1);
  });
});

function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
}

function checkArcd(dir: string, file: string): void {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const article = parseArticle(file, text);
  expect(bodyTexts(article), file).toEqual(paragraphs(text));
  expectWellFormedSpans(article);
  expect(article.outlet, file).toBeNull();
  expect(article.title.length, file).toBeLessThanOrEqual(90);
  expect(article.title.length, file).toBeGreaterThan(0);
}

describe('parseArticle on ARCD (Wikipedia paragraphs, no chrome)', () => {
  it('keeps every paragraph of the bundled documents whole', () => {
    const files = readdirSync(ARCD_FIXTURES).filter((f) => f.endsWith('.txt'));
    expect(files).toHaveLength(3);
    for (const f of files) checkArcd(ARCD_FIXTURES, f);
  });

  it('titles them with the first sentence, cut at a word boundary', () => {
    const text = readFileSync(path.join(ARCD_FIXTURES, '0000.txt'), 'utf8');
    const { title } = parseArticle('0000.txt', text);
    expect(title.endsWith('…')).toBe(true);
    const stem = title.slice(0, -1);
    expect(text.startsWith(stem)).toBe(true);
    expect(text[stem.length]).toMatch(/[\s،,]/);
    const short = parseArticle('x.txt', 'الجرب مرض جلدي معدٍ تسببه القارمة الجربية. '.concat('ويصيب الجلد. '.repeat(10)));
    expect(short.title).toBe('الجرب مرض جلدي معدٍ تسببه القارمة الجربية');
  });

  it('keeps every paragraph of all shared ARCD documents', () => {
    const files = readdirSync(ARCD_CORPUS).filter((f) => f.endsWith('.txt'));
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) checkArcd(ARCD_CORPUS, f);
  });
});
