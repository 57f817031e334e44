// Text normalisation and the small lexicon of site chrome used by the boilerplate detector.
// Every word list is written in ordinary spelling and normalised once at load time, so lookups
// compare normalised forms (hamza/alef variants, ta marbuta, diacritics and tatweel ignored).

function isSpace(c: number): boolean {
  return c <= 0x20 || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Diacritics, tatweel, and invisible format characters: ignored when comparing. */
function isIgnored(c: number): boolean {
  return (c >= 0x0610 && c <= 0x061a) || (c >= 0x064b && c <= 0x065f) || c === 0x0670 || c === 0x0640
    || (c >= 0x06d6 && c <= 0x06ed) || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e)
    || c === 0x2060 || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff || c === 0xad;
}

function fold(c: number): number {
  switch (c) {
    case 0x0623: case 0x0625: case 0x0622: case 0x0671: return 0x0627; // أ إ آ ٱ → ا
    case 0x0649: return 0x064a; // ى → ي
    case 0x0629: return 0x0647; // ة → ه
    default: return c;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const UTF16 = new TextDecoder(LITTLE_ENDIAN ? 'utf-16le' : 'utf-16be');

/** A comparison key: lower case, Arabic letter variants folded, whitespace collapsed. One pass, linear. */
export function normalize(s: string): string {
  const out = new Uint16Array(s.length);
  let n = 0;
  let space = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) { space = n > 0; continue; }
    if (isIgnored(c)) continue;
    if (space) { out[n++] = 0x20; space = false; }
    out[n++] = fold(c);
  }
  return UTF16.decode(out.subarray(0, n)).toLowerCase();
}

function normSet(words: readonly string[]): Set<string> {
  return new Set(words.map(normalize));
}

/** Whole lines that are navigation or section chrome (compared after trailing punctuation is removed). */
export const CHROME_PHRASES = normSet([
  'أخبار متعلقة', 'أخبار ذات صلة', 'مواضيع ذات صلة', 'مقالات ذات صلة', 'مواضيع متعلقة', 'مقالات متعلقة',
  'اقرأ أيضا', 'اقرأ أيضاً', 'إقرأ أيضا', 'اقرأ المزيد', 'شاهد أيضا', 'شاهد أيضاً', 'طالع أيضا', 'قد يهمك أيضا', 'قد يعجبك أيضا',
  'الأكثر قراءة', 'الأكثر مشاهدة', 'الأكثر تداولا', 'الأكثر تعليقا', 'الأكثر شعبية', 'آخر الأخبار', 'أحدث الأخبار',
  'أخبار عاجلة', 'شريط الأخبار', 'الصفحة الرئيسية', 'عربي ودولي', 'عربي و دولي', 'عرب وعالم',
  'لم تشترك بعد', 'اشترك الآن', 'سجل الدخول', 'تسجيل الدخول', 'تسجيل الخروج', 'إنشاء حساب', 'النشرة البريدية',
  'شارك الخبر', 'شارك المقال', 'شارك هذا المقال', 'شارك على', 'أضف تعليق', 'أضف تعليقك', 'التعليقات', 'اترك تعليقا',
  'حجم الخط', 'نسخ الرابط', 'رابط مختصر', 'الرابط المختصر', 'كلمات مفتاحية', 'الكلمات المفتاحية', 'وسوم',
  'تابعونا على', 'تابعنا على', 'تابعونا', 'تابعنا', 'اتصل بنا', 'من نحن', 'سياسة الخصوصية', 'شروط الاستخدام',
  'read more', 'related', 'related articles', 'related news', 'share', 'advertisement', 'most read', 'home',
]);

/** Single words that make up menus, section labels and share bars ("أقسام", "أخبار", "شارك | طباعة"). */
export const NAV_WORDS = normSet([
  'الرئيسية', 'الرئيسيه', 'أقسام', 'الأقسام', 'قسم', 'أخبار', 'الأخبار', 'خبر', 'عاجل', 'متعلقة', 'محلي', 'محليات',
  'عربي', 'عربية', 'دولي', 'دولية', 'عالمي', 'العالم', 'سياسة', 'سياسي', 'اقتصاد', 'الاقتصاد', 'مال', 'أعمال',
  'رياضة', 'الرياضة', 'ثقافة', 'فن', 'فنون', 'منوعات', 'مجتمع', 'صحة', 'علوم', 'تكنولوجيا', 'تقنية', 'سيارات',
  'مقالات', 'رأي', 'الرأي', 'آراء', 'تقارير', 'تحقيقات', 'حوارات', 'ملفات', 'فيديو', 'فيديوهات', 'صور', 'إنفوغراف',
  'بودكاست', 'المزيد', 'شارك', 'مشاركة', 'طباعة', 'إرسال', 'تعليق', 'تعليقات', 'حفظ', 'إعلان', 'اشترك', 'تابعونا',
  'فيسبوك', 'فيس', 'بوك', 'تويتر', 'واتساب', 'واتس', 'تلغرام', 'تيليغرام', 'يوتيوب', 'انستغرام', 'إنستغرام', 'لينكدإن',
  'facebook', 'twitter', 'x', 'whatsapp', 'telegram', 'youtube', 'instagram', 'linkedin', 'email', 'print', 'share',
  'home', 'news', 'menu', 'search', 'بحث', 'القائمة',
]);

export const HOME_WORDS = normSet(['الرئيسية', 'الرئيسيه', 'الصفحة الرئيسية', 'home', 'homepage']);

/** Phrases that only occur in subscription, login, cookie and copyright prompts. */
export const PROMPT_PHRASES = [
  'لم تشترك', 'اشترك الآن', 'اشترك في النشرة', 'اشترك في نشرتنا', 'اشترك مجانا', 'للاشتراك في', 'اشترك للحصول',
  'سجل الدخول', 'تسجيل الدخول', 'إنشاء حساب', 'انشئ حساب', 'أنشئ حساب', 'حساباً خاصاً', 'حسابا خاصا',
  'النشرة البريدية', 'نشرتنا البريدية', 'نشراتنا البريدية', 'حفظ المقالات', 'ملفات تعريف الارتباط',
  'جميع الحقوق محفوظة', 'حقوق النشر محفوظة', 'حقوق الطبع', '©',
  'subscribe', 'newsletter', 'sign in', 'sign up', 'log in', 'all rights reserved', 'cookies',
].map(normalize);

/** Photo credits that end a caption line: "X - أرشيفية", "X (رويترز)". */
export const CAPTION_CREDITS = normSet([
  'أرشيفية', 'أرشيف', 'صورة أرشيفية', 'صورة تعبيرية', 'تعبيرية', 'صورة', 'رويترز', 'أ ف ب', 'أ.ف.ب', 'فرانس برس',
  'الأناضول', 'غيتي', 'إ ب أ', 'أسوشيتد برس', 'afp', 'reuters', 'ap', 'epa', 'getty', 'getty images',
]);

/** Byline and timestamp prefixes of short meta lines. */
export const META_PREFIXES = [
  'بقلم', 'كتب', 'كتبت', 'كتبه', 'إعداد', 'تحرير', 'ترجمة', 'تصوير', 'آخر تحديث', 'تاريخ النشر', 'نشر في', 'نشر بتاريخ',
  'تم النشر', 'بتاريخ', 'by', 'published', 'updated', 'last updated',
].map(normalize);

export const DATE_WORDS = normSet([
  'يناير', 'فبراير', 'مارس', 'أبريل', 'ابريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر',
  'كانون', 'شباط', 'آذار', 'نيسان', 'أيار', 'حزيران', 'تموز', 'آب', 'أيلول', 'تشرين', 'الأول', 'الثاني',
  'السبت', 'الأحد', 'الاثنين', 'الإثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'يوم',
  'ص', 'م', 'هـ', 'مساء', 'صباحا', 'ساعة', 'دقيقة', 'منذ', 'am', 'pm', 'gmt', 'utc',
  'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec',
]);

/** Words that introduce a statement given to a paper: "وقالت مصادر تركية لـ«الشرق الأوسط»". */
export const SPEECH_WORDS = normSet([
  'قال', 'قالت', 'قالوا', 'يقول', 'تقول', 'أكد', 'أكدت', 'أكدوا', 'يؤكد', 'تؤكد', 'أوضح', 'أوضحت', 'ذكر', 'ذكرت',
  'أفاد', 'أفادت', 'صرح', 'صرحت', 'كشف', 'كشفت', 'يكشف', 'تكشف', 'أضاف', 'أضافت', 'أشار', 'أشارت', 'تحدث', 'تحدثت',
  'أبلغ', 'أبلغت', 'أعلن', 'أعلنت', 'نفى', 'نفت', 'اعتبر', 'اعتبرت', 'رأى', 'رأت', 'أوضحوا', 'أعرب', 'أعربت',
  'تصريح', 'تصريحات', 'حديث', 'حوار', 'مقابلة', 'خاص', 'خاصة',
]);
