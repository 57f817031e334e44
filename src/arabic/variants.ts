import { stem } from './stem.ts';

const PROCLITICS = ['ب', 'ل', 'ك', 'ف', 'و'] as const;
const IMPERFECT_PREFIXES = ['ي', 'ت', 'ن'] as const;
const MIN_LENGTH = 3;

/**
 * Other analysed forms under which a stemmed term may appear in a text — the ones Light10 cannot
 * reach on its own: a one-letter proclitic (لتركيا, بتصريحات), the indefinite accusative alef
 * (طفلاً), a verb's person prefix (يقع / تقع, يتزوج / تزوج). Only forms the vocabulary knows are
 * returned, so a guess never matches a word that is not there.
 */
export function termVariants(term: string, inVocabulary: (term: string) => boolean): string[] {
  if (term.length < MIN_LENGTH || !/^[\u0621-\u064A]+$/.test(term)) return [];
  const candidates = new Set<string>();
  const addStemmed = (form: string) => {
    if (form.length >= MIN_LENGTH) candidates.add(stem(form));
  };
  for (const p of PROCLITICS) {
    if (term.startsWith(p)) addStemmed(term.slice(1));
    candidates.add(p + term);
  }
  if (term.endsWith('ا')) addStemmed(term.slice(0, -1));
  if (term.endsWith('وا')) addStemmed(term.slice(0, -2));
  const first = term[0] as string;
  if ((IMPERFECT_PREFIXES as readonly string[]).includes(first)) {
    if (term.length >= 4) addStemmed(term.slice(1));
    for (const p of IMPERFECT_PREFIXES) if (p !== first) candidates.add(p + term.slice(1));
  } else {
    for (const p of IMPERFECT_PREFIXES) candidates.add(p + term);
  }
  candidates.delete(term);
  return [...candidates].filter((c) => c.length >= MIN_LENGTH && inVocabulary(c));
}
