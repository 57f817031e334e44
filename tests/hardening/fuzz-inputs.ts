// Hostile and odd questions, shared by the engine and the Discord fuzz tests.

/** A question the five news articles answer (the meeting of the chiefs of staff in Antalya). */
export const GOOD_QUESTION = 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';

const ZERO_WIDTH = '\u200B\u200C\u200D\u200E\u200F';
const BIDI_EMBEDDINGS = '\u202A\u202B\u202C\u202D\u202E';
const BIDI_ISOLATES = '\u2066\u2067\u2068\u2069';

/** Puts `marks` between every two characters of `text`. */
const interleave = (text: string, marks: string): string => [...text].join(marks);

export const FUZZ_INPUTS: Array<[string, string]> = [
  ['empty', ''],
  ['whitespace only', ' \t\n\r\u00A0\u2003\u3000 '],
  ['6,000 characters of Arabic words', `${GOOD_QUESTION} `.repeat(200).slice(0, 6000)],
  ['6,000 characters without a space', 'ب'.repeat(6000)],
  ['only punctuation', '؟!.,،؛:...?!«»()[]{}—–-"\'/\\*&^%$#'],
  ['only zero-width and bidi control characters', `${ZERO_WIDTH}${BIDI_EMBEDDINGS}${BIDI_ISOLATES}`.repeat(3)],
  ['zero-width characters inside every word', interleave(GOOD_QUESTION, '\u200B')],
  ['a right-to-left override around the question', `\u202E${GOOD_QUESTION}\u202C`],
  [
    'isolates and marks around each word',
    GOOD_QUESTION.split(' ')
      .map((w) => `\u2067${w}\u2069\u200F`)
      .join(' '),
  ],
  ['mixed Latin and Arabic', 'What did the chiefs of staff discuss في أنطاليا between Turkey, Russia and the US?'],
  ['Latin only', 'Where did the chiefs of staff of Turkey, Russia and the United States meet?'],
  ['markdown', `**${GOOD_QUESTION}** _x_ ~~y~~ __z__ # h > q [link](https://example.invalid) \`\`\`js\nalert(1)\n\`\`\``],
  ['mention injection', `@everyone @here <@123> <@!123> <@&456> <#789> ${GOOD_QUESTION} @everyone`],
  ['backticks and spoiler bars', '`` ` ``` || ||spoiler|| ` || ```'],
  ['markdown and mentions only', '@everyone ||<@123>|| `@here` **<@&456>**'],
  ['lone surrogates', '\uD800 أنطاليا \uDC00 \uDBFF'],
  ['control characters and an escape sequence', `أنطاليا\u0000\u0007\u001B[31m\u007F\u0085`],
  ['emoji, flags and combining marks', '🇸🇾 مَنْ هُوَ رَئِيسُ الأَرْكَانِ الرُّوسِيِّ؟ 👍🏽 e\u0301'],
  ['tatweel only', 'ـــــــــــ'],
  ['diacritics only', '\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652'.repeat(4)],
  ['Arabic presentation forms', 'ﺃﻧﻄﺎﻟﻴﺎ ﺭﺅﺳﺎﺀ ﺍﻷﺭﻛﺎﻥ'],
  ['one Arabic stop word', 'في'],
];
