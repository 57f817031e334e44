/**
 * Builds src/answering/specific-terms.json from ANERcorp (docs/data-sources.md): which analysed
 * words name places, people and organisations (the tag most of their occurrences carry), which
 * are nationalities (a place's name with a nisba ending, attested in the corpus), and which are
 * common in Arabic news generally (the rest of a question's words are rare, so specific).
 * Deterministic: the same file gives the same bytes.
 */
import { readFile } from 'node:fs/promises';
import { analyze, normalizeArabic } from '../../src/arabic/index.ts';
import type { SpecificTermsFile, TermKind } from '../../src/answering/specific-terms.ts';

/** A word seen at least this often in ANERcorp (about 150,000 words of news) is common, not specific. */
export const COMMON_MIN_COUNT = 4;
/** A word is a name of a kind when it occurs at least this often and most of its occurrences carry that tag. */
const ENTITY_MIN_COUNT = 2;
const ENTITY_SHARE = 0.5;
/** Surface forms kept per kind for the near-miss generator: seen at least this often. */
const FORM_MIN_COUNT = 2;

const TAG_KINDS: Record<string, TermKind> = { LOC: 'place', PERS: 'person', ORG: 'organization' };
const NISBA = /(يين|يون|يان|ية|يه|ي)$/;

/** The word without the article and the proclitics before it (والفرنسي → فرنسي). */
function bare(word: string): string {
  return normalizeArabic(word).replace(/^[وف]?[بل]?ال/, '');
}

export function buildSpecificTerms(anercorp: string): SpecificTermsFile {
  const counts = new Map<string, Map<string, number>>();
  const surface = new Map<string, Map<string, number>>();
  const locations = new Set<string>();
  for (const line of anercorp.split('\n')) {
    const at = line.lastIndexOf(' ');
    if (at <= 0) continue;
    const word = line.slice(0, at).trim();
    const tag = line.slice(at + 1).trim();
    const type = tag === 'O' ? 'O' : tag.slice(2);
    if (type === 'LOC') locations.add(bare(word));
    for (const { term } of analyze(word)) {
      const byTag = counts.get(term) ?? new Map<string, number>();
      byTag.set(type, (byTag.get(type) ?? 0) + 1);
      counts.set(term, byTag);
      const forms = surface.get(term) ?? new Map<string, number>();
      forms.set(word, (forms.get(word) ?? 0) + 1);
      surface.set(term, forms);
    }
  }
  const total = (term: string) => [...(counts.get(term)?.values() ?? [])].reduce((s, n) => s + n, 0);
  const kinds = new Map<string, TermKind>();
  for (const [term, byTag] of counts) {
    const n = total(term);
    if (n < ENTITY_MIN_COUNT) continue;
    const [type, count] = [...byTag].filter(([t]) => TAG_KINDS[t]).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? ['O', 0];
    if (TAG_KINDS[type] && count / n >= ENTITY_SHARE) kinds.set(term, TAG_KINDS[type]);
  }
  // Nationalities: a word most of whose occurrences are a place's name with a nisba ending (فرنسي ← فرنسا, تركي ← تركيا).
  const places = new Set([...locations].filter((b) => analyze(b).some(({ term }) => kinds.get(term) === 'place')));
  for (const [term, forms] of surface) {
    let nisba = 0;
    for (const [form, n] of forms) {
      const b = bare(form);
      if (!NISBA.test(b)) continue;
      const base = b.replace(NISBA, '');
      if (base.length >= 3 && ['', 'ا', 'ه', 'يا'].some((end) => places.has(base + end))) nisba += n;
    }
    if (nisba >= ENTITY_MIN_COUNT && nisba / total(term) >= ENTITY_SHARE) kinds.set(term, 'nationality');
  }
  const common = [...counts.keys()].filter((t) => total(t) >= COMMON_MIN_COUNT && !kinds.has(t)).sort();
  const forms: Record<string, string[]> = {};
  for (const kind of ['place', 'nationality'] as const) {
    const list = new Set<string>();
    for (const [term, k] of kinds) {
      if (k !== kind) continue;
      for (const [form, n] of surface.get(term)!) if (n >= FORM_MIN_COUNT && /^[\u0621-\u064A]+$/.test(form)) list.add(form);
    }
    forms[kind] = [...list].sort();
  }
  return {
    source: 'ANERcorp (docs/data-sources.md)',
    common,
    kinds: Object.fromEntries([...kinds].sort((a, b) => a[0].localeCompare(b[0]))),
    forms: forms as SpecificTermsFile['forms'],
  };
}

export async function specificTermsFile(anercorpPath: string): Promise<string> {
  return `${JSON.stringify(buildSpecificTerms(await readFile(anercorpPath, 'utf8')))}\n`;
}
