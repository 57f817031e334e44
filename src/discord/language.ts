// The interface language and every interface string, in Arabic and English.
// Quotes are never translated: they are always the Arabic original.

import { isLatinScript } from '../arabic/index.ts';

export type Language = 'ar' | 'en';
/** The server's setting: a fixed language, or `auto` (the language of the user's text, else Arabic). */
export type LanguageSetting = 'auto' | Language;

/**
 * The language of a reply. Discord has no Arabic locale, so an Arabic speaker's client usually
 * says en-US: the locale is no signal. `auto` follows the script of what the user typed (a
 * question, a topic, a hand-typed title) and is Arabic when there is nothing to go by.
 */
export function chooseLanguage(setting: LanguageSetting, text?: string | null): Language {
  if (setting !== 'auto') return setting;
  return isLatinScript(text) ? 'en' : 'ar';
}

/** An Arabic noun with a number, in each plural category Intl.PluralRules('ar') distinguishes. */
interface ArabicForms {
  /** 0 and 100, 1000, 101, 102 …: "100 مقال". */
  other: string;
  /** 1: "مقال واحد" (no digit). */
  one: string;
  /** 2: the dual, "مقالان" / "مقالين" (no digit). */
  two: string;
  /** 3–10 (and 103–110 …): "3 مقالات". */
  few: string;
  /** 11–99 (and 111–199 …): "11 مقالًا". */
  many: string;
}

const arabicPlurals = new Intl.PluralRules('ar');

export function arabicCount(n: number, forms: ArabicForms): string {
  switch (arabicPlurals.select(n)) {
    case 'one':
      return forms.one;
    case 'two':
      return forms.two;
    case 'few':
      return `${n} ${forms.few}`;
    case 'many':
      return `${n} ${forms.many}`;
    default:
      return `${n} ${forms.other}`;
  }
}

/** Genitive (after في، لـ) forms. */
const ARTICLES_AR: ArabicForms = { one: 'مقال واحد', two: 'مقالين', few: 'مقالات', many: 'مقالًا', other: 'مقال' };
const ARTICLES_NOMINATIVE_AR: ArabicForms = { one: 'مقال واحد', two: 'مقالان', few: 'مقالات', many: 'مقالًا', other: 'مقال' };
const QUOTES_AR: ArabicForms = { one: 'اقتباس واحد', two: 'اقتباسين', few: 'اقتباسات', many: 'اقتباسًا', other: 'اقتباس' };
const SECONDS_AR: ArabicForms = { one: 'ثانية واحدة', two: 'ثانيتين', few: 'ثوانٍ', many: 'ثانية', other: 'ثانية' };
const CHUNKS_AR: ArabicForms = { one: 'مقطع واحد', two: 'مقطعان', few: 'مقاطع', many: 'مقطعًا', other: 'مقطع' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** What /help says about search, which depends on the embedder in use. */
export type SearchKind = 'words' | 'meaning';

export interface InterfaceText {
  /** The locale dates are written in. */
  dateLocale: string;
  sources: string;
  sourcesContinued: string;
  searched: (articles: number) => string;
  /** The answer's confidence (a percentage), in the footer of a quoted answer. */
  confidence: (percent: string) => string;
  /** Why a reply is not answered: the question's terms (each already in «») the articles lack or contradict. */
  missingTerms: (terms: string) => string;
  notFound: string;
  closestArticles: string;
  seeAllArticles: string;
  uncertain: string;
  furtherPassages: string;
  moreContext: string;
  quotesOmitted: (count: number) => string;
  continuation: (question: string) => string;
  passagesIntro: string;
  noPassages: string;
  summaryOfTopic: (topic: string) => string;
  summaryEmpty: string;
  articlesTitle: (count: number) => string;
  noArticles: string;
  /** An outlet's name beside a date, marked as a name. */
  outletName: (name: string) => string;
  page: (page: number, pages: number) => string;
  previousPage: string;
  nextPage: string;
  moreQuotes: string;
  noMoreQuotes: string;
  helpTitle: string;
  help: (articles: number, search: SearchKind) => string[];
  latinQuestion: string;
  latinQuestionAnswered: string;
  askedAs: (question: string) => string;
  apology: string;
  rateLimited: (seconds: number) => string;
  emptyQuestion: string;
  invalidOptions: string;
  summaryNeedsOne: string;
  articleNotFound: (query: string) => string;
  answerExpired: string;
  feedbackThanks: string;
  reindexBusy: string;
  reindexDone: (articles: number, chunks: number, seconds: number) => string;
  reindexFailed: string;
  /** The index could not be updated (read-only, full, locked, most articles gone): `why` is the engine's line. */
  reindexStale: (why: string) => string;
  reindexStopped: string;
  mentionHint: string;
  roleMentionHint: string;
  unknownCommand: string;
  shuttingDown: string;
}

const EXAMPLE_QUESTION_AR = 'من هو رئيس الأركان الروسي؟';

const ARABIC: InterfaceText = {
  dateLocale: 'ar-u-nu-latn',
  sources: 'المصادر',
  sourcesContinued: 'المصادر (تابع)',
  searched: (n) => `بحثتُ في ${arabicCount(n, ARTICLES_AR)}`,
  confidence: (percent) => `الثقة: ${percent}`,
  missingTerms: (terms) => `لا تذكر المقالات ${terms} في هذا السياق.`,
  notFound: 'لا تجيب المقالات المتاحة عن هذا السؤال، فليس لديّ ما أقتبسه.',
  closestArticles: 'أقرب المقالات إلى سؤالك، لمن أراد القراءة:',
  seeAllArticles: 'قائمة المقالات كلها: `/articles`',
  uncertain: 'لست متأكدًا: هذه أقرب المقاطع إلى سؤالك، وقد لا تجيب عنه.',
  furtherPassages: 'مقاطع أخرى قريبة من سؤالك، وقد لا تجيب عنه.',
  moreContext: 'سياق إضافي',
  quotesOmitted: (n) => `لم تتسع الرسالة لـ${arabicCount(n, QUOTES_AR)} أخرى؛ اضغط «المزيد من الاقتباسات».`,
  continuation: (q) => `تتمة الجواب: ${q}`,
  passagesIntro: 'المقاطع التي يستند إليها الجواب، أقرب جملها إلى سؤالك:',
  noPassages: 'لا توجد في المقالات مقاطع تطابق هذا السؤال.',
  summaryOfTopic: (topic) => `ملخص: ${topic}`,
  summaryEmpty: 'لم أجد في المقالات جملًا تلخص هذا الموضوع.',
  articlesTitle: (n) => `المقالات: ${arabicCount(n, ARTICLES_NOMINATIVE_AR)}`,
  noArticles: 'لا توجد مقالات في المجموعة بعد.',
  outletName: (name) => `«${name}»`,
  page: (page, pages) => `الصفحة ${page} من ${pages}`,
  previousPage: 'السابق',
  nextPage: 'التالي',
  moreQuotes: 'المزيد من الاقتباسات',
  noMoreQuotes: 'لا مزيد من الاقتباسات',
  helpTitle: 'إسناد: أجوبة باقتباسات حرفية من المقالات',
  help: (n, search) => [
    `أجيب عن الأسئلة من ${arabicCount(n, ARTICLES_AR)} إخبارية فقط، باقتباس جمل منها حرفيًا مع ذكر المصدر، ولا أؤلف كلامًا من عندي.`,
    search === 'meaning'
      ? 'أبحث عن المقاطع الأقرب إلى سؤالك بكلماته وبمعناه، ثم أختار الجمل التي تغطي كلمات السؤال، وأُبرز في الاقتباس الأول الكلمات التي تجيب عنه.'
      : 'أبحث عن المقاطع التي ترد فيها كلمات سؤالك أو صيغها (لا أفهم المعنى، فاستعمل كلمات قريبة من كلمات الخبر)، ثم أختار الجمل التي تغطي كلمات السؤال، وأُبرز في الاقتباس الأول الكلمات التي تجيب عنه.',
    'إن لم تجب المقالات عن السؤال قلتُ ذلك، وإن لم أكن متأكدًا قلتُ ذلك أيضًا.',
    '`/ask` سؤال • `/sources` المقاطع وراء السؤال • `/summary` ملخص مقال أو موضوع • `/articles` قائمة المقالات',
    'أو اذكرني في رسالة مع سؤالك، وفي سلسلة الرسائل يمكنك متابعة السؤال السابق.',
    search === 'meaning'
      ? 'المقالات بالعربية؛ اسأل بالعربية لأفضل النتائج.'
      : 'المقالات بالعربية، فاسأل بالعربية: لا أستطيع مطابقة سؤال بلغة أخرى.',
  ],
  latinQuestion: `المقالات بالعربية، ولا أستطيع مطابقة سؤال بلغة أخرى. اسأل بالعربية، مثلًا: ${EXAMPLE_QUESTION_AR}`,
  latinQuestionAnswered: 'المقالات بالعربية؛ الاقتباسات بلغتها الأصلية.',
  askedAs: (q) => `سؤالك كما فهمته: ${q}`,
  apology: 'عذرًا، حدث خطأ أثناء الإجابة. حاول مرة أخرى بعد قليل.',
  rateLimited: (s) => `تمهّل قليلًا: طرحتَ أسئلة كثيرة في دقيقة واحدة. حاول بعد ${arabicCount(s, SECONDS_AR)}.`,
  emptyQuestion: `اكتب سؤالًا، مثلًا: ${EXAMPLE_QUESTION_AR}`,
  invalidOptions: 'لم أفهم خيارات الأمر؛ جرّبه من جديد من قائمة الأوامر.',
  summaryNeedsOne: 'اختر مقالًا (article) أو اكتب موضوعًا (topic)، واحدًا منهما فقط.',
  articleNotFound: (q) => `لا يوجد مقال يطابق «${q}». اختر من العناوين المقترحة أو استعمل \`/articles\`.`,
  answerExpired: 'هذا الجواب قديم ولم يعد في ذاكرتي؛ اطرح السؤال من جديد.',
  feedbackThanks: 'شكرًا على رأيك، سُجّل.',
  reindexBusy: 'إعادة الفهرسة جارية بالفعل.',
  reindexDone: (articles, chunks, seconds) =>
    `أُعيدت الفهرسة: ${arabicCount(articles, ARTICLES_NOMINATIVE_AR)} و${arabicCount(chunks, CHUNKS_AR)}، في ${seconds} ث.`,
  reindexFailed: 'تعذّرت إعادة الفهرسة؛ ما زال الفهرس السابق يعمل. التفاصيل في السجل.',
  reindexStale: (why) => `لم يُحدَّث الفهرس؛ ما زال الفهرس السابق يعمل. السبب: ${why}`,
  reindexStopped: 'توقّفت إعادة الفهرسة لأن البوت يُعاد تشغيله؛ ما زال الفهرس السابق يعمل، وسيُحدَّث عند التشغيل التالي.',
  mentionHint: `اذكرني مع سؤالك، مثلًا: ${EXAMPLE_QUESTION_AR}`,
  roleMentionHint: 'لم أستطع قراءة السؤال: اذكرني أنا (اسم البوت) لا دوري.',
  unknownCommand: 'لا أعرف هذا الأمر؛ جرّب `/help`.',
  shuttingDown: 'أُعيد تشغيلي الآن؛ حاول بعد دقيقة.',
};

const ENGLISH: InterfaceText = {
  dateLocale: 'en-GB',
  sources: 'Sources',
  sourcesContinued: 'Sources (continued)',
  searched: (n) => `Searched ${plural(n, 'article')}`,
  confidence: (percent) => `confidence ${percent}`,
  missingTerms: (terms) => `The articles do not mention ${terms} in this context.`,
  notFound: 'The articles available do not answer this question, so there is nothing to quote.',
  closestArticles: 'Closest articles, if you want to read them:',
  seeAllArticles: 'Every article: `/articles`',
  uncertain: 'Not sure: these are the passages closest to your question, and they may not answer it.',
  furtherPassages: 'More passages close to your question; they may not answer it.',
  moreContext: 'More context',
  quotesOmitted: (n) => `${plural(n, 'more quote')} did not fit; press “More quotes”.`,
  continuation: (q) => `Continued: ${q}`,
  passagesIntro: 'The passages behind this question, their sentences closest to it:',
  noPassages: 'No passage in the articles matches this question.',
  summaryOfTopic: (topic) => `Summary: ${topic}`,
  summaryEmpty: 'I found no sentences in the articles that summarise this topic.',
  articlesTitle: (n) => `Articles: ${n}`,
  noArticles: 'The corpus has no articles yet.',
  outletName: (name) => `“${name}”`,
  page: (page, pages) => `Page ${page} of ${pages}`,
  previousPage: 'Previous',
  nextPage: 'Next',
  moreQuotes: 'More quotes',
  noMoreQuotes: 'No more quotes',
  helpTitle: 'isnad: answers quoted word for word from the articles',
  help: (n, search) => [
    `I answer questions from ${plural(n, 'news article')} only, by quoting their sentences word for word with the source named. I never write an answer of my own.`,
    search === 'meaning'
      ? 'I look for the passages closest to your question by its words and its meaning, pick the sentences that cover its words, and put the words that answer it in bold in the first quote.'
      : 'I look for the passages that use the words of your question or their forms (I do not search by meaning, so use words close to the article’s), pick the sentences that cover them, and put the words that answer it in bold in the first quote.',
    'When the articles do not answer, I say so; when I am not sure, I say that too.',
    '`/ask` a question • `/sources` the passages behind it • `/summary` of an article or topic • `/articles` the list',
    'Or mention me with a question; in a thread you can follow up on the previous question.',
    search === 'meaning'
      ? 'The articles are in Arabic; Arabic questions work best.'
      : 'The articles are in Arabic, so ask in Arabic: I cannot match a question in another language.',
  ],
  latinQuestion: `The articles are in Arabic, and I can only match a question in Arabic to them: I cannot tell you whether they answer this one. Please ask in Arabic, for example: ${EXAMPLE_QUESTION_AR}`,
  latinQuestionAnswered: 'The articles are in Arabic; the quotes are in the original.',
  askedAs: (q) => `Your question as I understood it: ${q}`,
  apology: 'Sorry, something went wrong while answering. Please try again in a moment.',
  rateLimited: (s) => `Easy there: that is a lot of questions for one minute. Try again in ${plural(s, 'second')}.`,
  emptyQuestion: `Please write a question, for example: ${EXAMPLE_QUESTION_AR}`,
  invalidOptions: 'I could not read the command options; please pick the command from the list again.',
  summaryNeedsOne: 'Choose an article or type a topic: exactly one of the two.',
  articleNotFound: (q) => `No article matches “${q}”. Pick one of the suggested titles or see \`/articles\`.`,
  answerExpired: 'This answer is too old for me to continue it; please ask again.',
  feedbackThanks: 'Thanks, your feedback is recorded.',
  reindexBusy: 'Reindexing is already running.',
  reindexDone: (articles, chunks, seconds) => `Reindexed ${plural(articles, 'article')} (${plural(chunks, 'chunk')}) in ${seconds} s.`,
  reindexFailed: 'Reindexing failed; the previous index keeps serving. Details are in the log.',
  reindexStale: (why) => `The index was not updated; the previous index keeps serving. Why: ${why}`,
  reindexStopped: 'Reindexing stopped because the bot is shutting down; the previous index keeps serving and is updated at the next start.',
  mentionHint: `Mention me with a question, for example: ${EXAMPLE_QUESTION_AR}`,
  roleMentionHint: 'I could not read the question: mention me (the bot), not my role.',
  unknownCommand: 'I do not know this command; try `/help`.',
  shuttingDown: 'I am restarting right now; please try again in a minute.',
};

export function textsFor(language: Language): InterfaceText {
  return language === 'ar' ? ARABIC : ENGLISH;
}
