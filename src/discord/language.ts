// The interface language and every interface string, in Arabic and English.
// Quotes are never translated: they are always the Arabic original.

export type Language = 'ar' | 'en';

const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/gu;
const ANY_LETTER = /\p{L}/gu;

/** True when more than half of the letters in `text` are Arabic. */
function isMostlyArabic(text: string): boolean {
  const letters = text.match(ANY_LETTER)?.length ?? 0;
  const arabic = text.match(ARABIC_LETTER)?.length ?? 0;
  return letters > 0 && arabic * 2 > letters;
}

/**
 * Arabic for an Arabic Discord locale, or for a question written mostly in Arabic: Discord has no
 * Arabic locale today, so the question's own script is the best signal an Arabic speaker gives us.
 */
export function chooseLanguage(locale: string | null | undefined, text?: string | null): Language {
  if (locale?.toLowerCase().startsWith('ar')) return 'ar';
  if (text && isMostlyArabic(text)) return 'ar';
  return 'en';
}

/** Arabic noun agreement with a number: 1, 2, 3–10, 11+ (and 100s, 1000s behave like 11+ here). */
function arabicCount(n: number, forms: { one: string; two: string; few: string; many: string }): string {
  if (n === 1) return forms.one;
  if (n === 2) return forms.two;
  const lastTwo = n % 100;
  if (lastTwo >= 3 && lastTwo <= 10) return `${n} ${forms.few}`;
  return `${n} ${forms.many}`;
}

const ARTICLES_AR = { one: 'مقال واحد', two: 'مقالين', few: 'مقالات', many: 'مقالًا' };
const QUOTES_AR = { one: 'اقتباس واحد', two: 'اقتباسان', few: 'اقتباسات', many: 'اقتباسًا' };
const SECONDS_AR = { one: 'ثانية واحدة', two: 'ثانيتين', few: 'ثوانٍ', many: 'ثانية' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export interface InterfaceText {
  outletUnknown: string;
  sources: string;
  sourcesContinued: string;
  searched: (articles: number) => string;
  notFound: string;
  closestArticles: string;
  quotesOmitted: (count: number) => string;
  passagesIntro: string;
  noPassages: string;
  summaryOfTopic: (topic: string) => string;
  summaryEmpty: string;
  articlesTitle: (count: number) => string;
  noArticles: string;
  articleDetails: (characters: number) => string;
  page: (page: number, pages: number) => string;
  previousPage: string;
  nextPage: string;
  moreQuotes: string;
  noMoreQuotes: string;
  helpTitle: string;
  help: (articles: number) => string[];
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

const ARABIC: InterfaceText = {
  outletUnknown: 'مصدر غير مذكور',
  sources: 'المصادر',
  sourcesContinued: 'المصادر (تابع)',
  searched: (n) => `بحثتُ في ${arabicCount(n, ARTICLES_AR)}`,
  notFound: 'لا تجيب المقالات المتاحة عن هذا السؤال، فليس لديّ ما أقتبسه.',
  closestArticles: 'أقرب المقالات إلى سؤالك، لمن أراد القراءة:',
  quotesOmitted: (n) => `لم تتسع الرسالة لـ${arabicCount(n, QUOTES_AR)} أخرى؛ اضغط «المزيد من الاقتباسات».`,
  passagesIntro: 'المقاطع التي يستند إليها الجواب كما وردت في المقالات:',
  noPassages: 'لا توجد في المقالات مقاطع تطابق هذا السؤال.',
  summaryOfTopic: (topic) => `ملخص: ${topic}`,
  summaryEmpty: 'لم أجد في المقالات جملًا تلخص هذا الموضوع.',
  articlesTitle: (n) => `المقالات (${n})`,
  noArticles: 'لا توجد مقالات في المجموعة بعد.',
  articleDetails: (characters) => `${characters} حرف`,
  page: (page, pages) => `الصفحة ${page} من ${pages}`,
  previousPage: 'السابق',
  nextPage: 'التالي',
  moreQuotes: 'المزيد من الاقتباسات',
  noMoreQuotes: 'لا مزيد من الاقتباسات',
  helpTitle: 'إسناد: أجوبة باقتباسات حرفية من المقالات',
  help: (n) => [
    `أجيب عن الأسئلة من ${arabicCount(n, ARTICLES_AR)} إخبارية فقط، باقتباس جمل منها حرفيًا مع ذكر المصدر، ولا أؤلف كلامًا من عندي.`,
    'أبحث عن المقاطع الأقرب إلى سؤالك (بالكلمات وبالمعنى)، ثم أختار الجمل التي تغطي كلمات السؤال. إن لم تجب المقالات عن السؤال قلتُ ذلك.',
    '`/ask` سؤال • `/sources` المقاطع وراء السؤال • `/summary` ملخص مقال أو موضوع • `/articles` قائمة المقالات',
    'أو اذكرني في رسالة مع سؤالك، وفي سلسلة الرسائل يمكنك متابعة السؤال السابق.',
  ],
  apology: 'عذرًا، حدث خطأ أثناء الإجابة. حاول مرة أخرى بعد قليل.',
  rateLimited: (s) => `تمهّل قليلًا: طرحتَ أسئلة كثيرة في دقيقة واحدة. حاول بعد ${arabicCount(s, SECONDS_AR)}.`,
  emptyQuestion: 'اكتب سؤالًا، مثلًا: من هو رئيس الأركان الروسي؟',
  invalidOptions: 'لم أفهم خيارات الأمر؛ جرّبه من جديد من قائمة الأوامر.',
  summaryNeedsOne: 'اختر مقالًا (article) أو اكتب موضوعًا (topic)، واحدًا منهما فقط.',
  articleNotFound: (q) => `لا يوجد مقال يطابق «${q}». اختر من العناوين المقترحة أو استعمل \`/articles\`.`,
  answerExpired: 'هذا الجواب قديم ولم يعد في ذاكرتي؛ اطرح السؤال من جديد.',
  feedbackThanks: 'شكرًا على رأيك، سُجّل.',
  reindexBusy: 'إعادة الفهرسة جارية بالفعل.',
  reindexDone: (articles, chunks, seconds) => `أُعيدت الفهرسة: ${arabicCount(articles, ARTICLES_AR)}، ${chunks} مقطعًا، في ${seconds} ث.`,
  reindexFailed: 'تعذّرت إعادة الفهرسة؛ ما زال الفهرس السابق يعمل. التفاصيل في السجل.',
  reindexStale: (why) => `لم يُحدَّث الفهرس؛ ما زال الفهرس السابق يعمل. السبب: ${why}`,
  reindexStopped: 'توقّفت إعادة الفهرسة لأن البوت يُعاد تشغيله؛ ما زال الفهرس السابق يعمل، وسيُحدَّث عند التشغيل التالي.',
  mentionHint: 'اذكرني مع سؤالك، مثلًا: من هو رئيس الأركان الروسي؟',
  roleMentionHint: 'لم أستطع قراءة السؤال: اذكرني أنا (اسم البوت) لا دوري.',
  unknownCommand: 'لا أعرف هذا الأمر؛ جرّب `/help`.',
  shuttingDown: 'أُعيد تشغيلي الآن؛ حاول بعد دقيقة.',
};

const ENGLISH: InterfaceText = {
  outletUnknown: 'outlet not named',
  sources: 'Sources',
  sourcesContinued: 'Sources (continued)',
  searched: (n) => `Searched ${plural(n, 'article')}`,
  notFound: 'The articles available do not answer this question, so there is nothing to quote.',
  closestArticles: 'Closest articles, if you want to read them:',
  quotesOmitted: (n) => `${plural(n, 'more quote')} did not fit; press “More quotes”.`,
  passagesIntro: 'The passages behind this question, as the articles have them:',
  noPassages: 'No passage in the articles matches this question.',
  summaryOfTopic: (topic) => `Summary: ${topic}`,
  summaryEmpty: 'I found no sentences in the articles that summarise this topic.',
  articlesTitle: (n) => `Articles (${n})`,
  noArticles: 'The corpus has no articles yet.',
  articleDetails: (characters) => `${plural(characters, 'character')}`,
  page: (page, pages) => `Page ${page} of ${pages}`,
  previousPage: 'Previous',
  nextPage: 'Next',
  moreQuotes: 'More quotes',
  noMoreQuotes: 'No more quotes',
  helpTitle: 'isnad: answers quoted word for word from the articles',
  help: (n) => [
    `I answer questions from ${plural(n, 'news article')} only, by quoting their sentences word for word with the source named. I never write an answer of my own.`,
    'I look for the passages closest to your question (by words and by meaning), then pick the sentences that cover its words. When the articles do not answer it, I say so.',
    '`/ask` a question • `/sources` the passages behind it • `/summary` of an article or topic • `/articles` the list',
    'Or mention me with a question; in a thread you can follow up on the previous question.',
  ],
  apology: 'Sorry, something went wrong while answering. Please try again in a moment.',
  rateLimited: (s) => `Easy there: that is a lot of questions for one minute. Try again in ${plural(s, 'second')}.`,
  emptyQuestion: 'Please write a question, for example: من هو رئيس الأركان الروسي؟',
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
  mentionHint: 'Mention me with a question, for example: من هو رئيس الأركان الروسي؟',
  roleMentionHint: 'I could not read the question: mention me (the bot), not my role.',
  unknownCommand: 'I do not know this command; try `/help`.',
  shuttingDown: 'I am restarting right now; please try again in a minute.',
};

export function textsFor(language: Language): InterfaceText {
  return language === 'ar' ? ARABIC : ENGLISH;
}
