// The formatting module against adversarial input: no Discord limit is ever exceeded, quotes stay
// verbatim (or are cut at a sentence boundary, ellipsis outside the marks), nothing can ping.

import { describe, expect, it } from 'vitest';
import type { Answer, Quote, Source } from '../../src/answering/types.ts';
import type { Summary } from '../../src/answering/summary.ts';
import { newestFirst, type ArticleInfo } from '../../src/engine/index.ts';
import type { Passage } from '../../src/retrieval/hybrid.ts';
import { CitationNumbers, sourceEntries } from '../../src/discord/citations.ts';
import {
  articleChoices,
  citationMarker,
  DISCORD_LIMITS,
  escapeText,
  fitExcerpt,
  formatAnswer,
  formatArticlePage,
  formatHelp,
  formatLatinQuestion,
  formatNotice,
  formatPassages,
  formatSummary,
  truncate,
  type FormattedMessage,
} from '../../src/discord/format.ts';
import { isLatinScript } from '../../src/arabic/index.ts';
import { arabicCount, chooseLanguage } from '../../src/discord/language.ts';
import { rtlLine } from '../../src/discord/text.ts';
import { checkAutocomplete, checkMessagePayload } from '../fake-discord/limits.ts';
import { directionProblems } from './bidi-check.ts';
import { boldIn } from './payloads.ts';
import { visibleText } from './rendered-text.ts';

const AR = { language: 'ar' as const, articlesSearched: 5 };
const EN = { language: 'en' as const, articlesSearched: 5 };

const SENTENCE = 'اجتمع رؤساء أركان جيوش كل من تركيا وروسيا والولايات المتحدة اليوم في مدينة أنطاليا التركية. ';
const NASTY =
  '@everyone <@123456789012345678> <@&42> `code` ||spoiler|| **bold** \u202Eevil\u202C \u2066x\u2069 # head\n> quote\n-# tiny [link](https://x.y) ';
const HUGE_QUESTION = (NASTY + 'ما الخبر؟ ').repeat(60).slice(0, 6000);
const QUOTE_20K = SENTENCE.repeat(Math.ceil(20_000 / SENTENCE.length)).slice(0, 20_000);

function source(number: number, title = `مقال رقم ${number}`, outlet: string | null = 'الشرق الأوسط'): Source {
  return { number, articleId: `${String(number).padStart(3, '0')}_x.txt`, title, outlet };
}

function quote(text: string, citation = 1, start = 0): Quote {
  return { articleId: `${String(citation).padStart(3, '0')}_x.txt`, start, end: start + text.length, text, citation, highlight: null };
}

function answer(quotes: Quote[], sources: Source[], questionText = 'في أي مدينة اجتمعوا؟'): Answer {
  return {
    status: 'answered',
    question: questionText,
    quotes,
    sources,
    passages: [],
    suggestions: [],
    evidence: 1,
    confidence: 1,
    missingTerms: [],
  };
}

/** Discord's own checks (the fake's), plus: no raw mention, no stray bidi control, citations whole. */
function expectSafe(message: FormattedMessage): void {
  expect(checkMessagePayload({ content: message.content, embeds: message.embeds }, { requireNonEmpty: true })).toEqual([]);
  expect(message.allowedMentions).toEqual({ parse: [], repliedUser: false });
  const texts = [
    message.content ?? '',
    ...message.embeds.flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      e.footer?.text ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ];
  for (const text of texts) expect(text).not.toMatch(/@(?!\u200B)/);
  // Every Arabic line wrapped whole, isolates balanced, no user bidi control left.
  expect(directionProblems(message)).toEqual([]);
}

/** A quote line as rendered: block-quoted, wrapped right-to-left. */
const line = (body: string, prefix = '> ') => `${prefix}${rtlLine(body, true)}`;

const MORE_CONTEXT = `-# ${rtlLine('سياق إضافي')}`;
const ANTALYA = 'اجتمع رؤساء أركان جيوش كل من تركيا وروسيا والولايات المتحدة الأمريكية، اليوم الثلاثاء في مدينة أنطاليا التركية.';
const ARTICLE_OFFSET = 100;

/** A quote at ARTICLE_OFFSET in its article whose highlight covers `marked` (or [from, to) within it). */
function highlighted(text: string, marked: string | [number, number], citation = 1): Quote {
  const [from, to] = typeof marked === 'string' ? [text.indexOf(marked), text.indexOf(marked) + marked.length] : marked;
  return { ...quote(text, citation, ARTICLE_OFFSET), highlight: { start: ARTICLE_OFFSET + from, end: ARTICLE_OFFSET + to } };
}

describe('answers', () => {
  it('shows the first quote first at full size, further quotes as small "more context", then the sources', () => {
    const second = 'وقالت وزارة الدفاع الروسية إن اللقاء الثلاثي في أنطاليا تناول الوضع في سوريا والعراق.';
    const message = formatAnswer(answer([quote(ANTALYA, 1), quote(second, 2)], [source(1, 'اجتماع لقادة أركان', null), source(2)]), AR);
    expectSafe(message);
    const [embed] = message.embeds;
    expect(embed!.description!.split('\n\n')).toEqual([
      line(`«${ANTALYA}» ${citationMarker(1)}`),
      MORE_CONTEXT,
      line(`«${second}» ${citationMarker(2)}`, '> -# '),
    ]);
    expect(embed!.fields).toEqual([
      {
        name: rtlLine('المصادر'),
        value: `${rtlLine(`${citationMarker(1)} اجتماع لقادة أركان`)}\n${rtlLine(`${citationMarker(2)} مقال رقم 2 — «الشرق الأوسط»`)}`,
      },
    ]);
    // The footer carries the answer's one confidence, as the CLI shows it.
    expect(embed!.footer!.text).toBe(rtlLine('بحثتُ في 5 مقالات · الثقة: 100%'));
    expect(embed!.color).toBe(0x2f7d6d);
    expect(message.shown).toHaveLength(2);
  });

  it('says which term of the question the articles lack when it is not sure, and shows its confidence', () => {
    const uncertain: Answer = {
      ...answer([quote('وبيّن ديفيس أن الجنود الأميركيين في سوريا 503 جنود.')], [source(1)], 'كم عدد الجنود البريطانيين في سوريا؟'),
      status: 'uncertain',
      confidence: 0.054,
      missingTerms: ['البريطانيين'],
    };
    const embed = formatAnswer(uncertain, AR).embeds[0]!;
    expect(embed.description).toContain(rtlLine('لا تذكر المقالات «البريطانيين» في هذا السياق.'));
    expect(embed.footer!.text).toBe(rtlLine('بحثتُ في 5 مقالات · الثقة: 5%'));
    expect(embed.color).not.toBe(formatAnswer({ ...uncertain, status: 'answered', missingTerms: [] }, AR).embeds[0]!.color);
  });

  it('speaks English around the Arabic quotes when asked to', () => {
    const message = formatAnswer(answer([quote('جملة مقتبسة.', 1)], [source(1, 'عنوان', null)]), EN);
    expectSafe(message);
    expect(message.embeds[0]!.fields![0]!.name).toBe('Sources');
    expect(message.embeds[0]!.fields![0]!.value).toBe(rtlLine(`${citationMarker(1)} عنوان`));
    expect(message.embeds[0]!.footer!.text).toBe('Searched 5 articles · confidence 100%');
    expect(message.embeds[0]!.description).toContain('«جملة مقتبسة.»');
  });

  it('keeps markdown and mentions inside a quote literal, and its visible text unchanged', () => {
    const text = 'قال **المتحدث** إن _الوضع_ @everyone <@123> مستقر ||تماما||.';
    const message = formatAnswer(answer([quote(text)], [source(1)]), AR);
    expectSafe(message);
    const rendered = message.embeds[0]!.description!;
    expect(rendered).toContain('\\*\\*المتحدث\\*\\*');
    expect(visibleText(rendered)).toBe(`«${text}» [1]`);
  });

  it('keeps the line breaks of a multi-line quote, each line block-quoted and wrapped', () => {
    const message = formatAnswer(answer([quote('السطر الأول.\n\nالسطر الثاني.')], [source(1)]), AR);
    expect(message.embeds[0]!.description).toBe(`${line('«السطر الأول.')}\n${line(`السطر الثاني.» ${citationMarker(1)}`)}`);
  });

  it('wraps a quote line beginning with Latin text right-to-left too, the Latin isolated', () => {
    const message = formatAnswer(answer([quote('CNN قالت إن الاجتماع انتهى.')], [source(1)]), AR);
    expect(message.embeds[0]!.description!.startsWith('> \u200F\u2067«\u2066CNN\u2069')).toBe(true);
    expectSafe(message);
  });

  it('cuts a 20 KB quote after a whole sentence, with the ellipsis outside the marks and the citation whole', () => {
    const message = formatAnswer(answer([quote(QUOTE_20K, 1)], [source(1)], HUGE_QUESTION), AR);
    expectSafe(message);
    const description = message.embeds[0]!.description!;
    expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(description.endsWith(`» … ${citationMarker(1)}\u2069`)).toBe(true);
    const shownText = visibleText(description)
      .replace(/^«/, '')
      .replace(/» … \[1\]$/, '');
    expect(QUOTE_20K.startsWith(shownText)).toBe(true);
    expect(shownText.endsWith('التركية.')).toBe(true);
    expect(message.shown).toHaveLength(1);
  });

  it('never cuts a quote inside an abbreviation with dots (إم.اتش 17)', () => {
    const first = 'وقالت السلطات إن الطائرة سقطت خلال الرحلة رقم (إم.اتش 17) فوق شرق أوكرانيا.';
    const text = `${first} ${'وأضافت أن فرق الإنقاذ وصلت إلى موقع الحطام بعد ساعات من الحادث. '.repeat(3).trim()}`;
    const budget = first.indexOf('اتش') + 25;
    const cut = fitExcerpt(text, 1, budget)!;
    expect(cut.length).toBeLessThanOrEqual(budget);
    expect(visibleText(cut)).not.toMatch(/إم\.»/);
    expect(fitExcerpt(text, 1, first.length + 20)).toContain(`${first}» …`);
  });

  it('cuts a 20 KB quote with no sentence or word break at all, still within limits', () => {
    const message = formatAnswer(answer([quote('ب'.repeat(20_000))], [source(1)]), AR);
    expectSafe(message);
    expect(message.embeds[0]!.description!.endsWith(`» … ${citationMarker(1)}\u2069`)).toBe(true);
  });

  it('echoes a 6,000-character question full of mentions and markdown as a safe title', () => {
    const message = formatAnswer(answer([quote('جملة.')], [source(1)], HUGE_QUESTION), AR);
    expectSafe(message);
    const title = message.embeds[0]!.title!;
    expect(title.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect(title).toContain('…');
    expect(title).toContain('@\u200Beveryone');
    expect(title).toContain('\\`code\\`');
    expect(title).toContain('\\|\\|spoiler\\|\\|');
    expect(title).not.toContain('\n');
  });

  it('has no title when the reply already shows the question, and a given one otherwise', () => {
    const none = formatAnswer(answer([quote('جملة.')], [source(1)]), { ...AR, title: null });
    expect(none.embeds[0]).not.toHaveProperty('title');
    expectSafe(none);
    const given = formatAnswer(answer([quote('جملة.')], [source(1)]), { ...AR, title: 'سؤالك كما فهمته: متى؟' });
    expect(given.embeds[0]!.title).toBe(rtlLine('سؤالك كما فهمته: متى؟'));
  });

  it('drops whole quotes that do not fit and says how many, with 100 quotes and 100 sources', () => {
    const sources = Array.from({ length: 100 }, (_, i) =>
      source(i + 1, `عنوان طويل جدا @everyone ${'كلمة '.repeat(60)}`, 'منفذ '.repeat(40)),
    );
    const quotes = sources.map((s, i) => quote(`${SENTENCE.repeat(3)}رقم ${i}.`, s.number, i * 1000));
    const message = formatAnswer(answer(quotes, sources, HUGE_QUESTION), AR);
    expectSafe(message);
    const embed = message.embeds[0]!;
    expect(message.shown.length).toBeGreaterThan(0);
    expect(message.shown.length).toBeLessThan(100);
    expect(embed.description).toContain(`لم تتسع الرسالة لـ${100 - message.shown.length}`);
    // Quotes shown are whole, and each cites a source listed below.
    for (const q of message.shown) {
      expect(embed.description).toContain(`${escapeText(q.text)}» ${citationMarker(q.citation)}`);
      expect(embed.fields!.map((f) => f.value).join('\n')).toContain(citationMarker(q.citation));
    }
    expect(embed.fields!.length).toBeLessThanOrEqual(2);
  });

  it('shows only quotes whose source fits in the two source fields', () => {
    const sources = Array.from({ length: 100 }, (_, i) => source(i + 1, `عنوان ${'طويل '.repeat(30)}`));
    const quotes = sources.map((s) => quote('قصير.', s.number));
    const message = formatAnswer(answer(quotes, sources), EN);
    expectSafe(message);
    const fields = message.embeds[0]!.fields!;
    expect(fields.length).toBe(2);
    const listed = fields.map((f) => f.value).join('\n');
    expect(message.shown.length).toBeLessThan(100);
    for (const q of message.shown) expect(listed).toContain(citationMarker(q.citation));
    expect(message.embeds[0]!.description).toContain(`${100 - message.shown.length} more quotes did not fit`);
  });

  it('refuses plainly when the articles do not answer, offering the closest articles and /articles, not quotes', () => {
    const suggestions = Array.from({ length: 100 }, (_, i) => source(i + 1, `${'عنوان '.repeat(40)}<@1>`, null));
    const notFound: Answer = {
      status: 'not_found',
      question: 'ما هي عاصمة اليابان؟',
      quotes: [],
      sources: [],
      passages: [],
      suggestions,
      evidence: 0,
      confidence: 0,
      missingTerms: [],
    };
    const message = formatAnswer(notFound, AR);
    expectSafe(message);
    const description = message.embeds[0]!.description!;
    expect(description.startsWith(rtlLine('لا تجيب المقالات المتاحة عن هذا السؤال، فليس لديّ ما أقتبسه.'))).toBe(true);
    expect(description).toContain('أقرب المقالات');
    expect(description.endsWith(rtlLine('قائمة المقالات كلها: `/articles`'))).toBe(true);
    expect(description).not.toContain('> ');
    expect(message.shown).toEqual([]);
  });

  it('labels an uncertain answer as closest passages that may not answer, in a neutral colour', () => {
    const uncertain: Answer = { ...answer([quote(ANTALYA)], [source(1)]), status: 'uncertain', confidence: 0.4 };
    const message = formatAnswer(uncertain, AR);
    expectSafe(message);
    const embed = message.embeds[0]!;
    const [label, first] = embed.description!.split('\n\n');
    expect(label).toBe(rtlLine('لست متأكدًا: هذه أقرب المقاطع إلى سؤالك، وقد لا تجيب عنه.'));
    expect(first).toBe(line(`«${ANTALYA}» ${citationMarker(1)}`));
    expect(embed.color).not.toBe(formatAnswer(answer([quote(ANTALYA)], [source(1)]), AR).embeds[0]!.color);
    expect(embed.color).not.toBe(formatAnswer({ ...uncertain, status: 'not_found', quotes: [] }, AR).embeds[0]!.color);
    expect(formatAnswer(uncertain, EN).embeds[0]!.description).toMatch(/^Not sure: .* may not answer it\./);
  });
});

describe('the highlight (Answer.quotes[0].highlight)', () => {
  it('puts the answer words of the first quote in bold, and only those', () => {
    const second = {
      ...highlighted('وقال المتحدث إن اللقاء في أنطاليا كان مثمرا.', 'أنطاليا', 2),
      start: 5000,
      end: 5000 + 44,
      highlight: { start: 5026, end: 5033 },
    };
    const message = formatAnswer(answer([highlighted(ANTALYA, 'أنطاليا'), second], [source(1), source(2)]), AR);
    expectSafe(message);
    const description = message.embeds[0]!.description!;
    const [before, after] = ANTALYA.split('أنطاليا');
    expect(description.split('\n\n')[0]).toBe(line(`«${before}**أنطاليا**${after}» ${citationMarker(1)}`));
    expect(boldIn(description)).toEqual(['أنطاليا']);
  });

  it('widens a highlight that starts or ends inside a word to the whole word', () => {
    const from = ANTALYA.indexOf('أنطاليا') + 2;
    const message = formatAnswer(answer([highlighted(ANTALYA, [from, from + 3])], [source(1)]), AR);
    expect(boldIn(message.embeds[0]!.description!)).toEqual(['أنطاليا']);
  });

  it('never splits a surrogate pair', () => {
    const text = 'ورفع المتظاهرون 😀😀 في أنطاليا.';
    const first = text.indexOf('😀');
    const message = formatAnswer(answer([highlighted(text, [first + 1, first + 3])], [source(1)]), AR);
    expectSafe(message);
    expect(boldIn(message.embeds[0]!.description!)).toEqual(['😀😀']);
  });

  it('stays bold around escaped markdown, and per line across a line break', () => {
    const text = 'قال *المتحدث* إن الاجتماع انتهى.';
    const message = formatAnswer(answer([highlighted(text, '*المتحدث*')], [source(1)]), AR);
    expect(message.embeds[0]!.description).toBe(line(`«قال **\\*المتحدث\\*** إن الاجتماع انتهى.» ${citationMarker(1)}`));

    const twoLines = 'السطر الأول هنا.\nالسطر الثاني هناك.';
    const across = formatAnswer(answer([highlighted(twoLines, [twoLines.indexOf('هنا'), twoLines.indexOf(' هناك')])], [source(1)]), AR);
    expect(across.embeds[0]!.description).toBe(`${line('«السطر الأول **هنا.**')}\n${line(`**السطر الثاني** هناك.» ${citationMarker(1)}`)}`);
  });

  it('survives the 4,096 cut: closed at the cut when it straddles it, absent when beyond it', () => {
    const straddling = formatAnswer(answer([highlighted(QUOTE_20K, [3000, 9000])], [source(1)]), AR);
    expectSafe(straddling);
    const description = straddling.embeds[0]!.description!;
    expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    const bold = boldIn(description);
    expect(bold).toHaveLength(1);
    expect(description).toMatch(/\*\*» … /);

    const beyond = formatAnswer(answer([highlighted(QUOTE_20K, [15_000, 15_010])], [source(1)]), AR);
    expect(beyond.embeds[0]!.description).not.toContain('**');
  });

  it('ignores an empty or out-of-range highlight', () => {
    for (const range of [
      [5, 5],
      [-50, -10],
      [ANTALYA.length + 5, ANTALYA.length + 9],
    ] as Array<[number, number]>) {
      expect(formatAnswer(answer([highlighted(ANTALYA, range)], [source(1)]), AR).embeds[0]!.description).not.toContain('**');
    }
  });
});

describe('citations', () => {
  const encode = (words: string) => encodeURIComponent(words).replace(/-/g, '%2D');
  const words = 'اجتمع رؤساء أركان جيوش كل من تركيا وروسيا والولايات المتحدة'.split(' ');

  it('are `[n] title — outlet · date`, the title linking to the quoted words', () => {
    const linked: Source = {
      ...source(1, 'اجتماع الأركان'),
      url: 'https://example.com/news/1?a=b#old',
      published: '2017-03-07T10:00:00+03:00',
    };
    const message = formatAnswer(answer([quote(words.join(' '))], [linked]), AR);
    expectSafe(message);
    // The one link builder (answering's quoteLink) keeps the page's own fragment before the text directive.
    const link = `https://example.com/news/1?a=b#old:~:text=${encode(words.slice(0, 4).join(' '))},${encode(words.slice(-4).join(' '))}`;
    expect(message.embeds[0]!.fields![0]!.value).toBe(
      rtlLine(`${citationMarker(1)} [اجتماع الأركان](${link}) — «الشرق الأوسط» · 7 مارس 2017`),
    );
    const english = formatAnswer(answer([quote('جملة قصيرة')], [linked]), EN);
    expect(english.embeds[0]!.fields![0]!.value).toContain(
      `(https://example.com/news/1?a=b#old:~:text=${encode('جملة قصيرة')}) — “الشرق الأوسط” · 7 \u2066March 2017\u2069`,
    );
  });

  it('link only http(s) addresses, encode what would end the link, and leave out dates they cannot read', () => {
    const value = (s: Partial<Source>) =>
      formatAnswer(answer([quote('جملة-قصيرة (هنا)')], [{ ...source(1, 'عنوان'), ...s }]), AR).embeds[0]!.fields![0]!.value;
    expect(value({ url: 'javascript:alert(1)' })).toBe(rtlLine(`${citationMarker(1)} عنوان — «الشرق الأوسط»`));
    expect(value({ url: 'not a url', published: '2017-02-30' })).toBe(rtlLine(`${citationMarker(1)} عنوان — «الشرق الأوسط»`));
    const parens = value({ url: 'http://example.com/a_(b) c' });
    expect(parens).toContain('(http://example.com/a_%28b%29%20c#:~:text=%D8%AC%D9%85%D9%84%D8%A9%2D');
    // The directive drops the quote's outer punctuation; its inner parenthesis is encoded, so only the markdown one ends the link.
    expect(parens).toContain('%28%D9%87%D9%86%D8%A7)');
  });

  it('keep one number per article across an answer and its continuations', () => {
    const numbers = new CitationNumbers();
    const first = numbers.renumber({ quotes: [quote('أ.', 1), quote('ب.', 2)], sources: [source(1), source(2)] });
    expect(first.sources.map((s) => s.number)).toEqual([1, 2]);
    // The continuation's engine numbering starts again at 1; article 002 keeps [2], a new one gets [3].
    const again = new CitationNumbers(numbers.entries()).renumber({
      quotes: [
        { ...quote('ج.', 1), articleId: '002_x.txt' },
        { ...quote('د.', 2), articleId: '009_x.txt' },
      ],
      sources: [
        { ...source(1), articleId: '002_x.txt' },
        { ...source(2), articleId: '009_x.txt' },
      ],
    });
    expect(again.quotes.map((q) => q.citation)).toEqual([2, 3]);
    expect(again.sources.map((s) => [s.articleId, s.number])).toEqual([
      ['002_x.txt', 2],
      ['009_x.txt', 3],
    ]);
  });
});

describe('passages, summaries, article lists, help, notices', () => {
  const passage = (rank: number, text: string, articleId = `${rank}.txt`, start = 0): Passage => ({
    rank,
    articleId,
    title: `عنوان ${rank} ${'@here '.repeat(50)}`,
    outlet: rank % 2 ? null : 'Reuters',
    start,
    end: start + text.length,
    text,
    labels: [rank],
    scores: { lexical: 1, vector: 1, fused: 1 },
  });
  const cited = (passages: Passage[]) =>
    new Map(passages.map((p) => [p.articleId, { articleId: p.articleId, title: p.title, outlet: p.outlet }]));
  const QUESTION = 'أين اجتمع رؤساء الأركان؟';
  const PARAGRAPH =
    'تحدث التقرير عن الطقس في المنطقة. اجتمع رؤساء الأركان في أنطاليا التركية. وناقشوا الاقتصاد أيضا. ثم تحدثوا عن الرياضة طويلا.';

  it('/sources: per passage the sentences around the question words, not the whole passage', () => {
    const passages = [passage(1, PARAGRAPH)];
    const [entry] = sourceEntries(QUESTION, passages, new CitationNumbers(), cited(passages), 5);
    expect(entry!.gist.text).toBe('اجتمع رؤساء الأركان في أنطاليا التركية. وناقشوا الاقتصاد أيضا.');
    expect(entry!.gist).toMatchObject({ cutBefore: true, cutAfter: true, start: PARAGRAPH.indexOf('اجتمع') });
    const message = formatPassages(QUESTION, [entry!], EN);
    expectSafe(message);
    const [intro, sourceLine, excerpt] = message.embeds[0]!.description!.split('\n').filter(Boolean);
    expect(intro).toBe('The passages behind this question, their sentences closest to it:');
    expect(sourceLine!.startsWith(`\u200F\u2067${citationMarker(1)} عنوان 1 @\u200B\u2066here\u2069`)).toBe(true);
    expect(sourceLine).not.toContain(' — ');
    expect(excerpt).toBe(line(`… «${entry!.gist.text}» …`));
  });

  it('/sources: the five best, numbered as the answer numbers them and listed by number, one article twice only for different parts', () => {
    const a = passage(1, PARAGRAPH, 'a.txt', 0);
    const sameSentences = passage(2, PARAGRAPH, 'a.txt', 0);
    const otherPart = passage(3, PARAGRAPH, 'a.txt', 5000);
    const b = passage(4, PARAGRAPH, 'b.txt');
    const more = Array.from({ length: 10 }, (_, i) => passage(10 + i, PARAGRAPH, `m${i}.txt`));
    const all = [a, sameSentences, otherPart, b, ...more];
    const numbers = new CitationNumbers();
    numbers.numberFor('b.txt'); // the answer cites b.txt first
    const entries = sourceEntries(QUESTION, all, numbers, cited(all), 5);
    expect(entries.map((e) => [e.article.articleId, e.number])).toEqual([
      ['b.txt', 1],
      ['a.txt', 2],
      ['a.txt', 2],
      ['m0.txt', 3],
      ['m1.txt', 4],
    ]);
    expect(entries[2]!.gist.start).toBeGreaterThanOrEqual(5000);
  });

  it('/sources: 30 passages of 20 KB fit on one screen, each cut at a sentence with the ellipsis outside the marks', () => {
    const passages = Array.from({ length: 30 }, (_, i) => passage(i + 1, QUOTE_20K));
    const entries = sourceEntries(HUGE_QUESTION, passages, new CitationNumbers(), cited(passages), 5);
    const message = formatPassages(HUGE_QUESTION, entries, AR);
    expectSafe(message);
    const description = message.embeds[0]!.description!;
    const excerpts = description.split('\n').filter((l) => l.startsWith('> '));
    expect(excerpts).toHaveLength(5);
    for (const e of excerpts) expect(QUOTE_20K).toContain(visibleText(e).replace(/^«/, '').replace(/» …$/, ''));
    expect(visibleText(description).length).toBeLessThan(2600);
    // A single sentence longer than the budget is cut at a word.
    const long = passage(1, `${'كلمة '.repeat(400)}.`);
    const cut = formatPassages('كلمة', sourceEntries('كلمة', [long], new CitationNumbers(), cited([long]), 5), AR);
    expectSafe(cut);
    expect(cut.embeds[0]!.description!.length).toBeLessThan(1200);
  });

  it('/summary: a topic heading is user text (escaped, cut); quotes and sources fit; all quotes alike', () => {
    const summary: Summary = {
      kind: 'topic',
      heading: HUGE_QUESTION,
      quotes: [quote(QUOTE_20K, 1), quote('جملة ثانية.', 2)],
      sources: [source(1), source(2)],
    };
    const message = formatSummary(summary, AR);
    expectSafe(message);
    expect(message.embeds[0]!.title!.startsWith('\u200F\u2067ملخص: ')).toBe(true);
    const short = formatSummary({ ...summary, quotes: [quote('جملة أولى.', 1), quote('جملة ثانية.', 2)] }, AR);
    expect(short.embeds[0]!.description).not.toContain('-#');
    const empty = formatSummary({ ...summary, quotes: [], sources: [] }, EN);
    expectSafe(empty);
    expect(empty.embeds[0]!.description).toContain('no sentences');
  });

  const info = (i: number, extra: Partial<ArticleInfo> = {}): ArticleInfo => ({
    id: `${String(i).padStart(3, '0')}_abc.txt`,
    title: `عنوان المقال ${i}`,
    outlet: 'الشرق الأوسط',
    characters: 1000,
    chunks: 3,
    ...extra,
  });
  const rowTitles = (page: ReturnType<typeof formatArticlePage>) =>
    page.embeds[0]!.description!.split('\n\n').map((row) => visibleText(row.split('\n')[0]!).replace(/\*\*/g, ''));

  it('/articles: rows `title` / `outlet · date` (no internal chunk count), newest first as the engine lists them, ten a page', () => {
    const articles = newestFirst(
      Array.from({ length: 25 }, (_, i) => info(i, i < 20 ? { published: `2017-03-${String(10 + ((i * 7) % 19)).padStart(2, '0')}` } : {})),
    );
    const first = formatArticlePage(articles, 0, 'ar');
    expectSafe(first);
    expect(first.pages).toBe(3);
    const rows = first.embeds[0]!.description!.split('\n\n');
    expect(rows).toHaveLength(10);
    const newest = [...articles].slice(0, 20).sort((x, y) => y.published!.localeCompare(x.published!))[0]!;
    expect(rows[0]).toBe(
      `${rtlLine(`**${newest.title}**`)}\n-# ${rtlLine(`«الشرق الأوسط» · ${Number(newest.published!.slice(8))} مارس 2017`)}`,
    );
    const dates = [0, 1, 2]
      .flatMap((p) => rowTitles(formatArticlePage(articles, p, 'ar')))
      .map((t) => articles.find((a) => a.title === t)!.published ?? '');
    expect(dates.slice(0, 20)).toEqual([...dates.slice(0, 20)].sort().reverse());
    // Without a date: after the dated ones, in corpus order.
    expect(rowTitles(formatArticlePage(articles, 2, 'ar'))).toEqual(articles.slice(20).map((a) => a.title));
    expect(visibleText(formatArticlePage(articles, 0, 'en').embeds[0]!.description!)).toContain('“الشرق الأوسط” · 28 March 2017\n');
    for (const language of ['ar', 'en'] as const)
      expect(visibleText(formatArticlePage(articles, 0, language).embeds[0]!.description!)).not.toMatch(/مقاطع|مقطع|chunk|\b3\b/);
  });

  it('/articles: the file name only where there is no title; a title with a URL is a link', () => {
    const page = formatArticlePage([info(1, { title: '  ' }), info(2, { url: 'https://example.com/2' })], 0, 'ar');
    expectSafe(page);
    const [untitled, linked] = page.embeds[0]!.description!.split('\n\n');
    expect(untitled!.split('\n')[0]).toBe('**\u2066001\\_abc.txt\u2069**');
    expect(linked!.split('\n')[0]).toBe(rtlLine('**[عنوان المقال 2](https://example.com/2)**'));
  });

  it('/articles: 200 long-titled articles with long URLs are paged within limits, each listed once', () => {
    const articles: ArticleInfo[] = Array.from({ length: 200 }, (_, i) => ({
      id: `${i}_${'x'.repeat(300)}.txt`,
      title: `${'عنوان '.repeat(60)}${i} @everyone`,
      outlet: i % 3 ? 'الشرق الأوسط '.repeat(20) : null,
      characters: 1000 + i,
      chunks: 3,
      url: `https://example.com/${'p/'.repeat(i)}`,
    }));
    const first = formatArticlePage(articles, 0, 'ar');
    expect(first.pages).toBeGreaterThanOrEqual(20);
    let listed = 0;
    let linked = 0;
    for (let page = 0; page < first.pages; page++) {
      const shown = formatArticlePage(articles, page, 'ar');
      expectSafe(shown);
      expect(shown.page).toBe(page);
      const rows = shown.embeds[0]!.description!.split('\n\n');
      listed += rows.length;
      linked += rows.filter((row) => row.includes('](https://example.com/')).length;
    }
    expect(listed).toBe(200);
    // Every address within the link limit (600 characters) stays a link, however long the rows around it.
    expect(linked).toBe(articles.filter((a) => a.url!.length <= 600).length);
    expect(formatArticlePage(articles, 10_000, 'en').page).toBe(first.pages - 1);
    expect(formatArticlePage(articles, -3, 'en').page).toBe(0);
    expectSafe(formatArticlePage([], 0, 'en'));
  });

  it('/articles: a long percent-encoded Arabic address keeps its link, like every other row', () => {
    const slug = 'المملكة-تستضيف-اجتماع-وزراء-خارجية-دول-الخليج-لبحث-التطورات-الإقليمية-الأخيرة';
    const articles = Array.from({ length: 10 }, (_, i) =>
      info(i, {
        outlet: i < 2 ? 'الشرق الأوسط' : 'اليوم',
        published: `2015-08-${String(10 + i).padStart(2, '0')}`,
        url: i < 2 ? `https://aawsat.com/home/article/${400000 + i}/${slug}` : `https://alyaum.com/${i}`,
      }),
    );
    const pages = [0, 1, 2].map((p) => formatArticlePage(articles, p, 'ar')).slice(0, formatArticlePage(articles, 0, 'ar').pages);
    const rows = pages.flatMap((p) => {
      expectSafe(p);
      return p.embeds[0]!.description!.split('\n\n');
    });
    expect(rows).toHaveLength(10);
    for (const row of rows) expect(row.split('\n')[0]).toMatch(/\]\(https:\/\//);
    // An outlet named «اليوم» ("today") reads as a name beside the date, not as "today".
    expect(visibleText(rows.find((r) => r.includes('alyaum'))!.split('\n')[1]!)).toMatch(/^-# «اليوم» · \d+ أغسطس 2015$/);
  });

  it('help in Arabic and English, describing the search the embedder in use does', () => {
    for (const language of ['ar', 'en'] as const)
      for (const search of ['words', 'meaning'] as const) expectSafe(formatHelp(language, 5, search));
    expect(formatHelp('ar', 5, 'words').embeds[0]!.description).toContain('لا أفهم المعنى');
    expect(formatHelp('ar', 5, 'words').embeds[0]!.description).not.toContain('بمعناه');
    expect(formatHelp('ar', 5, 'meaning').embeds[0]!.description).toContain('بكلماته وبمعناه');
    expect(formatHelp('en', 5, 'words').embeds[0]!.description).toContain('I do not search by meaning');
    // In an Arabic line a command name is isolated left to right, or its slash is drawn on the wrong side («ask/»).
    expect(formatHelp('ar', 5, 'words').embeds[0]!.description).toContain('\u2066`/ask`\u2069 سؤال');
  });

  it('notices: each Arabic line wrapped, cut to 2,000', () => {
    expect(formatNotice('سطر عربي\nan English line').content).toBe(`${rtlLine('سطر عربي')}\nan English line`);
    const notice = formatNotice('ك'.repeat(5000));
    expectSafe(notice);
    expect(notice.content!.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  });

  it('a question in English is told the articles are Arabic, in the language of the reply', () => {
    const english = formatLatinQuestion('Where did the chiefs of staff meet?', EN);
    expectSafe(english);
    expect(english.embeds[0]!.title).toBe('Where did the chiefs of staff meet?');
    expect(english.embeds[0]!.description).toMatch(/^The articles are in Arabic.*Please ask in Arabic/);
    const arabic = formatLatinQuestion('Where did the chiefs of staff meet?', { ...AR, title: null });
    expectSafe(arabic);
    expect(arabic.embeds[0]!.description).toMatch(/^\u200F\u2067المقالات بالعربية/);
  });

  it('autocomplete offers at most 25 titles of at most 100 characters, ids as values', () => {
    const articles: ArticleInfo[] = Array.from({ length: 60 }, (_, i) => ({
      id: `${i}_${'y'.repeat(200)}`,
      title: i === 0 ? '   ' : `${'عنوان '.repeat(40)}\u202E${i}`,
      outlet: null,
      characters: 1,
      chunks: 1,
    }));
    const choices = articleChoices(articles);
    expect(checkAutocomplete({ choices })).toEqual([]);
    expect(choices).toHaveLength(25);
    for (const c of choices) expect(c.name).not.toMatch(/[\u202A-\u202E]/);
  });
});

describe('text helpers', () => {
  it('fitExcerpt returns null only when not even a few words fit', () => {
    expect(fitExcerpt(QUOTE_20K, 1, 10)).toBeNull();
    expect(fitExcerpt(QUOTE_20K, 1, 300)!.length).toBeLessThanOrEqual(300);
  });

  it('truncate never leaves half a surrogate pair, a dangling escape or a bare @', () => {
    expect(truncate('😀'.repeat(10), 6)).toBe('😀😀…');
    expect(truncate('abc\\*def', 5)).toBe('abc…');
    expect(truncate(escapeText('abc@everyone'), 5)).toBe('abc…');
    expect(truncate('abc', 3)).toBe('abc');
  });

  it('rtlLine wraps Arabic lines whole (citation markers, numbers and Latin names inside), and nothing else', () => {
    expect(rtlLine('تركيا')).toBe('\u200F\u2067تركيا\u2069');
    expect(rtlLine(`${citationMarker(1)} عنوان — Reuters · 2016`)).toBe(
      `\u200F\u2067${citationMarker(1)} عنوان — \u2066Reuters\u2069 · 2016\u2069`,
    );
    expect(rtlLine('2016 تركيا')).toBe('\u200F\u20672016 تركيا\u2069');
    expect(rtlLine('Searched 5 articles')).toBe('Searched 5 articles');
    expect(rtlLine('')).toBe('');
  });
});

describe('interface language', () => {
  it('follows BOT_LANGUAGE; with auto, the script of what the user wrote, else Arabic (never the locale)', () => {
    expect(chooseLanguage('auto', 'من هو رئيس الأركان الروسي؟')).toBe('ar');
    expect(chooseLanguage('auto', 'who is the Russian chief of staff?')).toBe('en');
    expect(chooseLanguage('auto', 'من هو رئيس الأركان Gerasimov؟')).toBe('ar');
    expect(chooseLanguage('auto')).toBe('ar');
    expect(chooseLanguage('auto', '؟؟؟ 123')).toBe('ar');
    expect(chooseLanguage('ar', 'hello')).toBe('ar');
    expect(chooseLanguage('en', 'مرحبا')).toBe('en');
    expect(isLatinScript('Where did the chiefs of staff meet?')).toBe(true);
    expect(isLatinScript('أين التقى رؤساء الأركان؟')).toBe(false);
  });

  it('Arabic plurals follow Intl.PluralRules("ar"): 0, 1, 2, 3–10, 11–99, 100+', () => {
    const forms = { one: 'مقال واحد', two: 'مقالان', few: 'مقالات', many: 'مقالًا', other: 'مقال' };
    const counted = [0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 103, 111, 1000].map((n) => arabicCount(n, forms));
    expect(counted).toEqual([
      '0 مقال',
      'مقال واحد',
      'مقالان',
      '3 مقالات',
      '10 مقالات',
      '11 مقالًا',
      '99 مقالًا',
      '100 مقال',
      '101 مقال',
      '102 مقال',
      '103 مقالات',
      '111 مقالًا',
      '1000 مقال',
    ]);
    const searched = (n: number) =>
      formatAnswer(answer([quote('جملة.')], [source(1)]), { language: 'ar', articlesSearched: n }).embeds[0]!.footer!.text;
    expect([1, 2, 5, 12].map(searched)).toEqual(
      ['بحثتُ في مقال واحد', 'بحثتُ في مقالين', 'بحثتُ في 5 مقالات', 'بحثتُ في 12 مقالًا'].map((t) => rtlLine(`${t} · الثقة: 100%`)),
    );
  });
});
