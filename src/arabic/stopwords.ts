import { normalizeArabic } from './normalize.ts';

/**
 * Function words only. Content words that people put in questions (اسم، عدد، عام، سنة،
 * مدينة، دولة، أول ...) are deliberately absent: they carry meaning. So is أم (also "mother",
 * as in أم كلثوم). Tokens are checked before stemming, so the common prefixed forms are listed
 * as written. Written here in ordinary spelling; the set holds their normalised forms.
 */
const WORDS = `
من ما ماذا متى أين كم كيف لماذا هل أي أية أيها أيتها
ماهو ماهي ماهى مالذي ماالذي مادا مازا لمادا لمازا بمادا بمازا
بماذا لمن بمن ممن عمن فيمن بكم لكم بأي لأي وأي فأي
مما عما فيما بما لما كما وكما
وما فما ومن فمن وماذا ومتى وأين وكم وكيف وهل ولماذا
أعط أعطي اذكر

في فى من إلى الى على عن مع حتى منذ عند لدى بين نحو خلال حول ضد دون ضمن عبر
تجاه سوى عدا وفق وفقا حسب بحسب أثناء تحت فوق أمام خلف قبل بعد مثل حوالي
وفي ففي وعلى وعن ومع وإلى وحتى ومنذ وعند وبين وبعد وقبل وخلال ولدى وحول

فيه فيها فيهم فيهما منه منها منهم منهما ومنها ومنه ومنهم
عليه عليها عليهم عليهما وعليه إليه إليها إليهم عنه عنها عنهم
له لها لهم لهما لنا لي لك ولها وله ولهم به بها بهم بهما
معه معها معهم بينهم بينها بينه عنده عندها عندهم لديه لديها لديهم

و ف ب ل ك ال
ثم أو بل لكن ولكن لكنه لكنها ولكنه ولكنها إلا وإلا ألا إذ وإذ إذا وإذا فإذا إذن
لو لولا أما وأما إما
إن أن وإن وأن فإن بأن لأن كأن لأنه لأنها بأنه بأنها وأنه وأنها إنه إنها أنه أنها
إنهم أنهم إنما لعل كي لكي
قد لقد فقد وقد ولقد سوف لم لن لا ولا ولم ولن فلا فلم
ليس ليست ليسوا وليس وليست غير وغير سوى
حيث وحيث حين حينما وحين عندما وعندما بينما وبينما كلما
كذلك وكذلك لذلك بذلك هكذا أيضا وأيضا فقط جدا ربما كلا نعم بلى
كل وكل بكل لكل جميع بعض وبعض

أنا نحن أنت أنتم هو هي هما هم هن
وهو وهي وهما وهم فهو فهي
هذا هذه ذلك تلك ذاك هؤلاء أولئك هذين هنا هناك هنالك ثمة
وهذا وهذه وذلك وتلك وهناك وهنا بهذا بهذه لهذا لهذه فهذا

الذي التي الذين اللذان اللذين اللتان اللتين اللواتي اللاتي اللائي
اللتى اللذي التى والذي والتي والذين

كان كانت كانوا كانا كنت كنا يكون تكون يكونون تكونون نكون أكون يكن تكن
وكان وكانت فكان فكانت وكانوا ويكون وتكون
صار صارت أصبح أصبحت ظل ظلت بات زال يزال تزال مازال مازالت لازال لايزال
تم تمت يتم وتم يمكن يوجد توجد
`;

const LETTERS = 'ءابتثجحخدذرزسشصضطظعغفقكلمنهوي';

export const STOP_WORDS: ReadonlySet<string> = new Set([
  ...WORDS.split(/\s+/)
    .filter((w) => w.length > 0)
    .map(normalizeArabic),
  // A lone letter is a split-off proclitic (لـ«...»), an abbreviation (د.) or an era mark (1958م).
  ...LETTERS,
]);

let longestStopWord = 0;
for (const word of STOP_WORDS) longestStopWord = Math.max(longestStopWord, word.length);

export function isStopWord(normalisedToken: string): boolean {
  return normalisedToken.length <= longestStopWord && STOP_WORDS.has(normalisedToken);
}
