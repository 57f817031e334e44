// The formatting module against adversarial input: no Discord limit is ever exceeded, quotes stay
// verbatim (or are cut at a sentence boundary, ellipsis outside the marks), nothing can ping.

import { describe, expect, it } from 'vitest';
import type { Answer, Quote, Source } from '../../src/answering/types.ts';
import type { Summary } from '../../src/answering/summary.ts';
import type { ArticleInfo } from '../../src/engine/index.ts';
import type { Passage } from '../../src/retrieval/hybrid.ts';
import {
  articleChoices,
  citationMarker,
  DISCORD_LIMITS,
  escapeText,
  fitExcerpt,
  formatAnswer,
  formatArticlePage,
  formatHelp,
  formatNotice,
  formatPassages,
  formatSummary,
  startRightToLeft,
  truncate,
  type FormattedMessage,
} from '../../src/discord/format.ts';
import { chooseLanguage } from '../../src/discord/language.ts';
import { checkAutocomplete, checkMessagePayload } from '../fake-discord/limits.ts';
import { visibleText } from './rendered-text.ts';

const AR = { language: 'ar' as const, articlesSearched: 5 };
const EN = { language: 'en' as const, articlesSearched: 5 };

const SENTENCE = 'اجتمع رؤساء أركان جيوش كل من تركيا وروسيا والولايات المتحدة اليوم في مدينة أنطاليا التركية. ';
const NASTY = '@everyone <@123456789012345678> <@&42> `code` ||spoiler|| **bold** \u202Eevil\u202C \u2066x\u2069 # head\n> quote\n-# tiny [link](https://x.y) ';
const HUGE_QUESTION = (NASTY + 'ما الخبر؟ ').repeat(60).slice(0, 6000);
const QUOTE_20K = SENTENCE.repeat(Math.ceil(20_000 / SENTENCE.length)).slice(0, 20_000);

function source(number: number, title = `مقال رقم ${number}`, outlet: string | null = 'الشرق الأوسط'): Source {
  return { number, articleId: `${String(number).padStart(3, '0')}_x.txt`, title, outlet };
}

function quote(text: string, citation = 1, start = 0): Quote {
  return { articleId: `${String(citation).padStart(3, '0')}_x.txt`, start, end: start + text.length, text, citation, highlight: null };
}

function answer(quotes: Quote[], sources: Source[], questionText = 'في أي مدينة اجتمعوا؟'): Answer {
  return { status: 'answered', question: questionText, quotes, sources, passages: [], suggestions: [], evidence: 1, confidence: 1 };
}

/** Discord's own checks (the fake's), plus: no raw mention, no stray bidi control, citations whole. */
function expectSafe(message: FormattedMessage): void {
  expect(checkMessagePayload({ content: message.content, embeds: message.embeds }, { requireNonEmpty: true })).toEqual([]);
  expect(message.allowedMentions).toEqual({ parse: [], repliedUser: false });
  const texts = [message.content ?? '', ...message.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])];
  for (const text of texts) {
    expect(text).not.toMatch(/@(?!\u200B)/);
    expect(text).not.toMatch(/[\u202A-\u202E]/);
    // Our isolates come in matched pairs around a citation or an id; nothing else is isolated.
    expect(text.replace(/\u2067\[\d+\]\u2069/g, '').replace(/\u2066[^\u2066-\u2069]*\u2069/g, '')).not.toMatch(/[\u2066-\u2069]/);
  }
}

describe('answers', () => {
  it('shows each quote verbatim as a block quote with its citation at the end, then the sources', () => {
    const text = 'اجتمع رؤساء أركان جيوش كل من تركيا وروسيا والولايات المتحدة الأمريكية، اليوم الثلاثاء في مدينة أنطاليا التركية.';
    const second = 'وقالت وزارة الدفاع الروسية إن اللقاء الثلاثي في أنطاليا تناول الوضع في سوريا والعراق.';
    const message = formatAnswer(answer([quote(text, 1), quote(second, 2)], [source(1, 'اجتماع لقادة أركان', null), source(2)]), AR);
    expectSafe(message);
    const [embed] = message.embeds;
    const blocks = embed!.description!.split('\n\n');
    expect(blocks[0]).toBe(`> «${text}» ${citationMarker(1)}`);
    expect(blocks[1]).toBe(`> «${second}» ${citationMarker(2)}`);
    expect(embed!.fields).toEqual([
      { name: 'المصادر', value: `${citationMarker(1)} اجتماع لقادة أركان — مصدر غير مذكور\n${citationMarker(2)} مقال رقم 2 — الشرق الأوسط` },
    ]);
    expect(embed!.footer!.text).toBe('بحثتُ في 5 مقالات');
    expect(message.shown).toHaveLength(2);
  });

  it('speaks English around the Arabic quotes when asked to', () => {
    const message = formatAnswer(answer([quote('جملة مقتبسة.', 1)], [source(1, 'عنوان', null)]), EN);
    expect(message.embeds[0]!.fields![0]!.name).toBe('Sources');
    expect(message.embeds[0]!.fields![0]!.value).toContain('outlet not named');
    expect(message.embeds[0]!.footer!.text).toBe('Searched 5 articles');
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

  it('keeps the line breaks of a multi-line quote, each line block-quoted', () => {
    const message = formatAnswer(answer([quote('السطر الأول.\n\nالسطر الثاني.')], [source(1)]), AR);
    expect(message.embeds[0]!.description).toBe(`> «السطر الأول.\n> السطر الثاني.» ${citationMarker(1)}`);
  });

  it('starts a quote line beginning with Latin text with a right-to-left mark', () => {
    const message = formatAnswer(answer([quote('CNN قالت إن الاجتماع انتهى.')], [source(1)]), AR);
    expect(message.embeds[0]!.description!.startsWith('> \u200F«CNN')).toBe(true);
  });

  it('cuts a 20 KB quote after a whole sentence, with the ellipsis outside the marks and the citation whole', () => {
    const message = formatAnswer(answer([quote(QUOTE_20K, 1)], [source(1)], HUGE_QUESTION), AR);
    expectSafe(message);
    const description = message.embeds[0]!.description!;
    expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(description.endsWith(`» … ${citationMarker(1)}`)).toBe(true);
    const shownText = visibleText(description).replace(/^«/, '').replace(/» … \[1\]$/, '');
    expect(QUOTE_20K.startsWith(shownText)).toBe(true);
    expect(shownText.endsWith('التركية.')).toBe(true);
    expect(message.shown).toHaveLength(1);
  });

  it('cuts a 20 KB quote with no sentence or word break at all, still within limits', () => {
    const message = formatAnswer(answer([quote('ب'.repeat(20_000))], [source(1)]), AR);
    expectSafe(message);
    expect(message.embeds[0]!.description!.endsWith(`» … ${citationMarker(1)}`)).toBe(true);
  });

  it('echoes a 6,000-character question full of mentions and markdown as a safe title', () => {
    const message = formatAnswer(answer([quote('جملة.')], [source(1)], HUGE_QUESTION), AR);
    expectSafe(message);
    const title = message.embeds[0]!.title!;
    expect(title.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect(title.endsWith('…')).toBe(true);
    expect(title).toContain('@\u200Beveryone');
    expect(title).toContain('\\`code\\`');
    expect(title).toContain('\\|\\|spoiler\\|\\|');
    expect(title).not.toContain('\n');
  });

  it('drops whole quotes that do not fit and says how many, with 100 quotes and 100 sources', () => {
    const sources = Array.from({ length: 100 }, (_, i) => source(i + 1, `عنوان طويل جدا @everyone ${'كلمة '.repeat(60)}`, 'منفذ '.repeat(40)));
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

  it('refuses plainly when the articles do not answer, offering the closest articles as reading, not quotes', () => {
    const suggestions = Array.from({ length: 100 }, (_, i) => source(i + 1, `${'عنوان '.repeat(40)}<@1>`, null));
    const notFound: Answer = { status: 'not_found', question: 'ما هي عاصمة اليابان؟', quotes: [], sources: [], passages: [], suggestions, evidence: 0, confidence: 0 };
    const message = formatAnswer(notFound, AR);
    expectSafe(message);
    const description = message.embeds[0]!.description!;
    expect(description.startsWith('لا تجيب المقالات المتاحة عن هذا السؤال')).toBe(true);
    expect(description).toContain('أقرب المقالات');
    expect(description).not.toContain('> ');
    expect(message.shown).toEqual([]);
  });
});

describe('passages, summaries, article lists, help, notices', () => {
  const passage = (rank: number, text: string): Passage => ({
    rank,
    articleId: `${rank}.txt`,
    title: `عنوان ${rank} ${'@here '.repeat(50)}`,
    outlet: rank % 2 ? null : 'Reuters',
    start: 0,
    end: text.length,
    text,
    labels: [rank],
    scores: { lexical: 1, vector: 1, fused: 1 },
  });

  it('/sources: of 30 passages of 20 KB, the first 10 fit, each cut at a sentence with the ellipsis outside the marks', () => {
    const message = formatPassages(HUGE_QUESTION, Array.from({ length: 30 }, (_, i) => passage(i + 1, QUOTE_20K)), AR);
    expectSafe(message);
    const fields = message.embeds[0]!.fields!;
    expect(fields).toHaveLength(10);
    for (const f of fields) {
      expect(f.value.endsWith('» …')).toBe(true);
      expect(QUOTE_20K.startsWith(visibleText(f.value).replace(/^«/, '').replace(/» …$/, ''))).toBe(true);
    }
  });

  it('/sources: a short passage is shown whole under its citation, title and outlet', () => {
    const message = formatPassages('سؤال', [passage(1, 'جملة أولى.\nجملة ثانية.')], EN);
    expectSafe(message);
    const field = message.embeds[0]!.fields![0]!;
    expect(field.name.startsWith(`${citationMarker(1)} عنوان 1`)).toBe(true);
    expect(field.name).toContain('outlet not named');
    expect(field.value).toBe('> «جملة أولى.\n> جملة ثانية.»');
  });

  it('/summary: a topic heading is user text (escaped, cut); quotes and sources fit', () => {
    const summary: Summary = {
      kind: 'topic',
      heading: HUGE_QUESTION,
      quotes: [quote(QUOTE_20K, 1), quote('جملة ثانية.', 2)],
      sources: [source(1), source(2)],
    };
    const message = formatSummary(summary, AR);
    expectSafe(message);
    expect(message.embeds[0]!.title!.startsWith('ملخص: ')).toBe(true);
    const empty = formatSummary({ ...summary, quotes: [], sources: [] }, EN);
    expectSafe(empty);
    expect(empty.embeds[0]!.description).toContain('no sentences');
  });

  it('/articles: 200 long-titled articles are paged within 25 fields and 6,000 characters, each listed once', () => {
    const articles: ArticleInfo[] = Array.from({ length: 200 }, (_, i) => ({
      id: `${i}_${'x'.repeat(300)}.txt`,
      title: `${'عنوان '.repeat(60)}${i} @everyone`,
      outlet: i % 3 ? 'الشرق الأوسط' : null,
      characters: 1000 + i,
      chunks: 3,
    }));
    const first = formatArticlePage(articles, 0, AR.language);
    expect(first.pages).toBeGreaterThan(8);
    let listed = 0;
    for (let page = 0; page < first.pages; page++) {
      const shown = formatArticlePage(articles, page, 'ar');
      expectSafe(shown);
      expect(shown.page).toBe(page);
      listed += shown.embeds[0]!.fields!.length;
    }
    expect(listed).toBe(200);
    expect(formatArticlePage(articles, 10_000, 'en').page).toBe(first.pages - 1);
    expect(formatArticlePage(articles, -3, 'en').page).toBe(0);
    expectSafe(formatArticlePage([], 0, 'en'));
  });

  it('help in both languages, notices cut to 2,000', () => {
    expectSafe(formatHelp('ar', 5));
    expectSafe(formatHelp('en', 5));
    const notice = formatNotice('ك'.repeat(5000));
    expectSafe(notice);
    expect(notice.content!.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
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

  it('startRightToLeft marks lines whose first strong letter is not Arabic', () => {
    expect(startRightToLeft('تركيا')).toBe('تركيا');
    expect(startRightToLeft(`${citationMarker(1)} Reuters`)).toBe(`\u200F${citationMarker(1)} Reuters`);
    expect(startRightToLeft('2016 تركيا')).toBe('2016 تركيا');
  });
});

describe('interface language', () => {
  it('is Arabic for an Arabic locale or a mostly Arabic question, English otherwise', () => {
    expect(chooseLanguage('ar', 'hello')).toBe('ar');
    expect(chooseLanguage('en-US', 'من هو رئيس الأركان الروسي؟')).toBe('ar');
    expect(chooseLanguage('en-US', 'who is the Russian chief of staff?')).toBe('en');
    expect(chooseLanguage('fr', 'who met in أنطاليا?')).toBe('en');
    expect(chooseLanguage('en-GB')).toBe('en');
    expect(chooseLanguage(undefined, '؟؟؟ 123')).toBe('en');
  });
});
