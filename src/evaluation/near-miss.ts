import { analyze, arabicWords, normalizeArabic } from '../arabic/index.ts';
import { kindForms, spelledAlike, termKind, type TermKind } from '../answering/index.ts';
import type { EvalQuestion } from './metrics.ts';

/**
 * Near misses: an answerable question with one specific term — a place, a nationality, a year
 * or a month that its article holds — swapped for another of the same kind, so the corpus no
 * longer answers it. `absent`: the new term occurs nowhere in the corpus; `present`: it occurs in
 * other articles, not in the question's. Deterministic for a seed: which term is swapped and what
 * for are picked by a hash of the seed, the question's id and the kind (docs/near-miss.md).
 */
export type NearMissKind = 'absent' | 'present';

export interface NearMiss {
  /** The swapped question: unanswerable, id `<original id>#near-<kind>`. */
  question: EvalQuestion;
  original: EvalQuestion;
  kind: NearMissKind;
  /** The word swapped out, as the question writes it, and the word swapped in. */
  from: string;
  to: string;
}

type SwappableKind = Extract<TermKind, 'place' | 'nationality' | 'year' | 'month'>;

const MONTHS = 'يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر'.split(' ');
const YEARS = Array.from({ length: 131 }, (_, i) => String(1900 + i));
const PROCLITICS = ['', 'و', 'ب', 'ل', 'ف', 'وب', 'ول'];

/** FNV-1a: a small deterministic hash for picking. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function pick<T>(items: readonly T[], key: string): T | undefined {
  return items.length ? items[hash(key) % items.length] : undefined;
}

function stemOf(word: string): string | undefined {
  return analyze(word)[0]?.term;
}

interface Swappable {
  word: string;
  start: number;
  prefix: string;
  base: string;
  stem: string;
  kind: SwappableKind;
}

/** The question's words of a swappable kind that its article holds. */
function swappableWords(question: string, inArticle: (stem: string) => boolean): Swappable[] {
  const forms = new Map<string, SwappableKind>();
  for (const kind of ['place', 'nationality'] as const) for (const f of kindForms(kind)) forms.set(f, kind);
  const found: Swappable[] = [];
  for (const m of arabicWords(question)) {
    const word = m[0];
    for (const prefix of PROCLITICS) {
      if (!word.startsWith(prefix)) continue;
      const base = word.slice(prefix.length);
      const stem = stemOf(base);
      if (!stem || !inArticle(stem)) continue;
      const kind = /^\d{4}$/.test(base)
        ? termKind(base) === 'year'
          ? 'year'
          : undefined
        : MONTHS.includes(base)
          ? 'month'
          : forms.get(base);
      if (kind === undefined || (kind !== 'year' && kind !== 'month' && termKind(stem) !== kind)) continue;
      found.push({ word, start: m.index, prefix, base, stem, kind });
      break;
    }
  }
  return found;
}

/** Words that may replace `s`: of its kind and shape (the article, a nationality's ending), its stem unlike s's. */
function replacements(s: Swappable): string[] {
  if (s.kind === 'year') return YEARS.filter((y) => y !== s.base);
  if (s.kind === 'month') return MONTHS.filter((m) => m !== s.base);
  const definite = (w: string) => normalizeArabic(w).startsWith('ال');
  const ending = (w: string) => normalizeArabic(w).slice(-2);
  const forms = new Set(kindForms(s.kind));
  // A form that is another form with a proclitic (وكندا, للصين) would carry it into the question.
  const withProclitic = (f: string) =>
    PROCLITICS.some((p) => p && f.startsWith(p) && (forms.has(f.slice(p.length)) || forms.has(`ال${f.slice(p.length)}`)));
  return [...forms].filter((f) => {
    if (definite(f) !== definite(s.base) || withProclitic(f)) return false;
    if (s.kind === 'nationality' && ending(f) !== ending(s.base)) return false;
    const stem = stemOf(f);
    return stem !== undefined && termKind(stem) === s.kind && !spelledAlike(stem, s.stem);
  });
}

/**
 * Up to one near miss of each kind per answerable question. `docTerms` gives the analysed words
 * of each document of the corpus.
 */
export function nearMisses(
  questions: readonly EvalQuestion[],
  docTerms: ReadonlyMap<string, ReadonlySet<string>>,
  seed: number,
): NearMiss[] {
  const everywhere = new Map<string, number>();
  for (const terms of docTerms.values()) for (const t of terms) everywhere.set(t, (everywhere.get(t) ?? 0) + 1);
  const out: NearMiss[] = [];
  for (const q of questions) {
    if (!q.answerable || q.docs.length === 0) continue;
    const own = q.docs.map((d) => docTerms.get(d)).filter((t): t is ReadonlySet<string> => t !== undefined);
    if (own.length === 0) continue;
    const inOwn = (stem: string) => own.some((t) => t.has(stem));
    const words = swappableWords(q.question, inOwn);
    const swapped = pick(words, `${seed}:${q.id}:word`);
    if (!swapped) continue;
    const pool = replacements(swapped);
    for (const kind of ['absent', 'present'] as const) {
      const fits = pool.filter((r) => {
        const stem = stemOf(r);
        if (!stem || inOwn(stem)) return false;
        const count = everywhere.get(stem) ?? 0;
        return kind === 'absent' ? count === 0 : count > 0;
      });
      const to = pick(fits, `${seed}:${q.id}:${kind}`);
      if (to === undefined) continue;
      const text = q.question.slice(0, swapped.start) + swapped.prefix + to + q.question.slice(swapped.start + swapped.word.length);
      out.push({
        question: { id: `${q.id}#near-${kind}`, question: text, answers: [], docs: [], answerable: false },
        original: q,
        kind,
        from: swapped.word,
        to: swapped.prefix + to,
      });
    }
  }
  return out;
}

/** The analysed words of each document. */
export function documentTerms(texts: ReadonlyMap<string, string>): Map<string, Set<string>> {
  return new Map([...texts].map(([doc, text]) => [doc, new Set(analyze(text).map((t) => t.term))]));
}
