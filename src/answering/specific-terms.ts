import { analyze, DECIMAL_SEPARATORS, normalizeArabic, skeleton } from '../arabic/index.ts';
import table from './specific-terms.json' with { type: 'json' };

/** What a specific term names. Places and nationalities are one family: either may stand where the other does. */
export type TermKind = 'place' | 'nationality' | 'person' | 'organization' | 'year' | 'number' | 'month';

/** src/answering/specific-terms.json, written by `npm run train` from ANERcorp (docs/data-sources.md). */
export interface SpecificTermsFile {
  source: string;
  /** Analysed words common in Arabic news (seen often in ANERcorp): never specific on their own. */
  common: string[];
  /** Analysed words that name a place, person or organisation, or a nationality. */
  kinds: Record<string, TermKind>;
  /** Surface forms of places and nationalities (for the near-miss generator). */
  forms: { place: string[]; nationality: string[] };
}

const MONTHS = [
  'يناير فبراير مارس أبريل إبريل مايو يونيو يونيه يوليو يوليه أغسطس سبتمبر أكتوبر نوفمبر ديسمبر',
  'كانون شباط آذار نيسان أيار حزيران تموز أيلول تشرين',
]
  .join(' ')
  .split(' ');

/** Kinds whose terms contradict each other when one stands in a sentence where the question names another. */
const FAMILY: Record<TermKind, string | undefined> = {
  place: 'place',
  nationality: 'place',
  year: 'year',
  month: 'month',
  person: undefined,
  organization: undefined,
  number: undefined,
};

let loaded: { common: Set<string>; kinds: Map<string, TermKind>; months: Set<string>; forms: Set<string> } | undefined;

function lexicon() {
  const file = table as SpecificTermsFile;
  loaded ??= {
    common: new Set(file.common),
    kinds: new Map(Object.entries(file.kinds)),
    months: new Set(MONTHS.flatMap((m) => analyze(m).map((t) => t.term))),
    forms: new Set([...file.forms.place, ...file.forms.nationality].map(normalizeArabic)),
  };
  return loaded;
}

/** The surface forms of places and nationalities in the shipped table. */
export function kindForms(kind: 'place' | 'nationality'): readonly string[] {
  return (table as SpecificTermsFile).forms[kind];
}

const YEAR = /^(1[5-9]\d\d|20\d\d)$/;
const NUMBER = new RegExp(`^\\d+([${DECIMAL_SEPARATORS}]\\d+)?$`);

/** The kind of an analysed word, if it names one (a year, a month, a place…). */
export function termKind(term: string): TermKind | undefined {
  const digits = normalizeArabic(term);
  if (YEAR.test(digits)) return 'year';
  if (NUMBER.test(digits)) return 'number';
  const { kinds, months } = lexicon();
  if (months.has(term)) return 'month';
  return kinds.get(term);
}

/** Whether an analysed word is one of the words common in Arabic news generally. */
export function isCommonWord(term: string): boolean {
  return lexicon().common.has(term);
}

/** Whether two kinds are of one family, so that a term of one can stand where the other's is expected. */
export function sameFamily(a: TermKind, b: TermKind): boolean {
  const family = FAMILY[a];
  return family !== undefined && family === FAMILY[b];
}

/**
 * Where a specific term of the question is for a candidate sentence: in it; near it (its
 * article's title or its paragraph); elsewhere in its article; absent from its article; or
 * contradicted — not in it, while it holds another term of the same family (الأمريكيين where the
 * question says البريطانيين, 2018 where it says 2016).
 */
export type TermStatus = 'sentence' | 'near' | 'article' | 'absent' | 'contradicted';

/** A question's term that names what the question is about rather than how it asks. */
export interface SpecificTerm {
  /** Index into the question's terms. */
  index: number;
  kind: TermKind | 'rare';
  /** The word as the question writes it, less a conjunction و before a known place or nationality (وألمانيا → ألمانيا). */
  text: string;
}

/**
 * The question's specific terms: names, nationalities, numbers, years, months, and words rare
 * in Arabic news generally.
 */
export function specificTerms(terms: readonly { term: string; text: string }[]): SpecificTerm[] {
  const specific: SpecificTerm[] = [];
  terms.forEach(({ term, text }, index) => {
    const kind = termKind(term) ?? (isCommonWord(term) ? undefined : 'rare');
    if (kind !== undefined) specific.push({ index, kind, text: withoutConjunction(text, kind) });
  });
  return specific;
}

/** A place or nationality as a reader should see it named: وألمانيا is "and Germany", ألمانيا is the term. */
function withoutConjunction(text: string, kind: TermKind | 'rare'): string {
  if ((kind !== 'place' && kind !== 'nationality') || !text.startsWith('و')) return text;
  const rest = text.slice(1);
  return lexicon().forms.has(normalizeArabic(rest)) ? rest : text;
}

/**
 * Whether two analysed words are spellings of one name (الأمريكيين, الأميركيين) or a name and its
 * nisba (تركيا, التركي): their skeletons are equal, or one begins the other and is at least three letters.
 */
export function spelledAlike(a: string, b: string): boolean {
  return skeletonsAlike(skeleton(a), skeleton(b));
}

/** spelledAlike on skeletons already computed. */
export function skeletonsAlike(x: string, y: string): boolean {
  return x === y || (Math.min(x.length, y.length) >= 3 && (x.startsWith(y) || y.startsWith(x)));
}
