import { isStopWord, normalizeArabic, stem, tokenize } from '../arabic/index.ts';

export type Expected = 'quantity' | 'date' | 'entity';

/** Question words, normalised, written alone or with a clitic as people type them, and what they ask for. */
const QUESTION_WORDS: ReadonlyMap<string, Expected | 'none'> = new Map(
  (
    [
      ['من لمن بمن ممن عمن فيمن ومن فمن', 'entity'],
      ['أين وأين', 'entity'],
      ['أي أى بأي لأي وأي فأي', 'entity'],
      ['ما وما فما بما مما عما فيما ماهو ماهي ماهى مالذي ماالذي', 'entity'],
      ['ماذا بماذا وماذا مادا مازا بمادا بمازا', 'entity'],
      ['كم بكم وكم', 'quantity'],
      ['متى ومتى', 'date'],
      // Why, how and yes/no questions ask for no span that a few words could mark.
      ['لماذا ولماذا لمادا لمازا كيف وكيف هل وهل', 'none'],
    ] as const
  ).flatMap(([words, kind]) => words.split(' ').map((w) => [normalizeArabic(w), kind] as const)),
);
/** The question word is among the question's first words ("في أي مدينة", "إلى من تنسب"); a later من is a preposition. */
const QUESTION_WORD_WITHIN = 3;
/** After "في أي", these ask for a date. */
const DATE_NOUNS = new Set(['عام', 'سنه', 'يوم', 'شهر', 'تاريخ', 'قرن']);
/** Nouns that make a what-question ask for a quantity ("ما هي مساحة", "ما عدد"). */
const QUANTITY_NOUNS = new Set(
  [
    'عدد',
    'مساحة',
    'نسبة',
    'طول',
    'ارتفاع',
    'عمر',
    'سعر',
    'حجم',
    'وزن',
    'عمق',
    'أجر',
    'راتب',
    'ثمن',
    'قيمة',
    'تكلفة',
    'مدة',
    'مسافة',
    'سرعة',
    'كمية',
  ].map(normalizeArabic),
);
/** "الذي", "التي" and their common misspellings. */
const RELATIVES = new Set(['الذي', 'التي', 'اللذي', 'اللتي', 'الذى', 'التى', 'اللذى', 'اللتى', 'الذين'].map(normalizeArabic));
/** "أي" (which), alone or with a one-letter proclitic (بأي، لأي، وأي، فأي), normalised. */
const WHICH = new Set(['اي', 'باي', 'لاي', 'واي', 'فاي']);
/** "ما هو", "ما هي" typed as one word, normalised. */
const WHAT_IS = new Set(['ماهو', 'ماهي']);
/** "X هو Y", "X الذي كان Y": the words that link a subject to what it is. */
export const COPULAS = new Set(['هو', 'هي', 'هما', 'هم', 'وهو', 'وهي', 'فهو', 'فهي', 'كان', 'كانت', 'وكان', 'وكانت'].map(normalizeArabic));

/**
 * What the question asks for, and the noun it asks about ("في أي مدينة" → مدينه, "ما هي عاصمة
 * المغرب" → عاصمه): "how many" and "when" anywhere in it win over who/what.
 */
export function expectedAnswer(question: string): { kind: Expected; focus: string[]; definition: boolean } | undefined {
  const words = tokenize(question).map((t) => t.text);
  const first = words.slice(0, QUESTION_WORD_WITHIN).findIndex((w) => QUESTION_WORDS.has(w));
  if (first >= 0 && QUESTION_WORDS.get(words[first]!) === 'none') return undefined;
  // "How many" and "when" anywhere in the question win over who/what ("في أي عام", "ما هو عدد").
  const numeric = words.findIndex((w) => w === 'كم' || w === 'متي');
  const at = numeric >= 0 ? numeric : first;
  if (at < 0) return undefined;
  let kind = QUESTION_WORDS.get(words[at]!) as Expected;
  const after = (from: number) => {
    let next = from + 1;
    // Function words ("ما هي", "من كان") and "اسم" stand between the question word and what it asks about.
    while (next < words.length && (isStopWord(words[next]!) || words[next] === 'اسم')) next++;
    return next;
  };
  let next = after(at);
  if (kind === 'entity' && WHICH.has(words[at]!) && DATE_NOUNS.has(words[next] ?? '')) kind = 'date';
  else if (kind === 'entity' && QUANTITY_NOUNS.has(words[next] ?? '')) kind = 'quantity';
  else if (kind === 'entity' && words[next] === 'تاريخ') kind = 'date';
  // For a date, the event asked about ("في أي عام انتهت" → انتهت) is what the date follows, not "عام".
  if (kind === 'date' && DATE_NOUNS.has(words[next] ?? '')) next = after(next);
  const focus = words[next] === undefined ? [] : [words[next]!];
  // "كم عدد الأشهر": what is counted is the word after "عدد".
  if (kind === 'quantity' && words[next] === 'عدد' && words[next + 1] !== undefined) focus.push(words[next + 1]!);
  // "ما المدينة التي احتضنت": the verb after the relative pronoun says more than the noun.
  if (RELATIVES.has(words[next + 1] ?? '') && words[next + 2] !== undefined) focus.push(words[next + 2]!);
  // "من هو X", "ما هي X": X is a subject to define, not a word the answer follows.
  const definition = COPULAS.has(words[at + 1] ?? '') || WHAT_IS.has(words[at]!);
  return { kind, focus: focus.map(stem), definition };
}

/**
 * Whether the question asks "how many" or "when" (a quantity or a date): such a question is answered by
 * a sentence holding a number or a date. The one place that decides it, for the answer's features and
 * for the highlight.
 */
export function asksForNumberOrDate(question: string): boolean {
  const kind = expectedAnswer(question)?.kind;
  return kind === 'quantity' || kind === 'date';
}
