import { normalizeForMatch } from '../arabic/index.ts';
import type { IndexedArticle } from '../store/index.ts';
import type { CitedArticle, Quote, Source } from './types.ts';

/** An article as a citation names it: title, outlet, and its date and address where known. */
export function citedArticle(article: IndexedArticle): CitedArticle {
  const cited: CitedArticle = { articleId: article.id, title: article.title, outlet: article.outlet };
  if (article.published !== undefined) cited.published = article.published;
  if (article.url !== undefined) cited.url = article.url;
  return cited;
}

/** Numbered sources, from 1, for the articles with these ids in this order. */
export function numberSources(ids: readonly string[], articleOf: (id: string) => IndexedArticle): Source[] {
  return ids.map((id, i) => ({ number: i + 1, ...citedArticle(articleOf(id)) }));
}

/**
 * One story republished by several outlets is quoted once and cited with every copy: a quote whose
 * words an earlier quote already gave is dropped, a quote from a copy of a story already cited that
 * has the same text there cites that source (offsets into its article), sources left without a quote go (the others are
 * numbered again), and each source lists in `alsoIn` the copies of its story (index-time
 * near-duplicates) that carry at least one of its quotes word for word — a copy that only shares
 * the story's subject is not named. Suggestions of one story become one.
 */
export function citeSameStories<T extends { quotes: Quote[]; sources: Source[]; suggestions?: Source[] }>(
  result: T,
  articleOf: (id: string) => IndexedArticle,
  order: 'as given' | 'by source, in document order' = 'as given',
): T {
  const seen: string[] = [];
  const articleOfSource = new Map(result.sources.map((s) => [s.number, s.articleId]));
  const quotes = result.quotes
    .filter((q) => {
      const words = normalizeForMatch(q.text);
      if (seen.some((s) => s.includes(words))) return false;
      seen.push(words);
      return true;
    })
    .map((q, i, kept) => {
      // A quote from a copy whose story is already cited, with the very same text there, cites that source instead.
      const sameStory = articleOf(q.articleId).sameStory ?? [];
      for (const earlier of kept.slice(0, i)) {
        const id = articleOfSource.get(earlier.citation)!;
        if (id === q.articleId || !sameStory.includes(id)) continue;
        const at = articleOf(id).text.indexOf(q.text);
        if (at >= 0) return { ...q, articleId: id, start: at, end: at + q.text.length, citation: earlier.citation, highlight: null };
      }
      return q;
    });
  const kept = result.sources.filter((s) => quotes.some((q) => q.citation === s.number));
  const number = new Map(kept.map((s, i) => [s.number, i + 1]));
  const cited = new Set(kept.map((s) => s.articleId));
  const normalizedText = new Map<string, string>();
  const textOf = (id: string) => {
    let text = normalizedText.get(id);
    if (text === undefined) normalizedText.set(id, (text = normalizeForMatch(articleOf(id).text)));
    return text;
  };
  const sources = kept.map((s) => {
    const own = quotes.filter((q) => q.citation === s.number).map((q) => normalizeForMatch(q.text));
    const copies = (articleOf(s.articleId).sameStory ?? [])
      .filter((id) => !cited.has(id) && own.some((words) => textOf(id).includes(words)))
      .map((id) => citedArticle(articleOf(id)));
    const { alsoIn: _previous, ...source } = s;
    return { ...source, number: number.get(s.number)!, ...(copies.length ? { alsoIn: copies } : {}) };
  });
  const renumbered = quotes.map((q) => ({ ...q, citation: number.get(q.citation)! }));
  if (order === 'by source, in document order') renumbered.sort((a, b) => a.citation - b.citation || a.start - b.start);
  const out: T = { ...result, quotes: renumbered, sources };
  if (result.suggestions) out.suggestions = oneSuggestionPerStory(result.suggestions, articleOf);
  return out;
}

function oneSuggestionPerStory(suggestions: readonly Source[], articleOf: (id: string) => IndexedArticle): Source[] {
  const kept: Source[] = [];
  for (const s of suggestions) {
    const first = kept.find((k) => articleOf(k.articleId).sameStory?.includes(s.articleId));
    if (first) first.alsoIn = [...(first.alsoIn ?? []), citedArticle(articleOf(s.articleId))];
    else kept.push({ ...s, number: kept.length + 1 });
  }
  return kept;
}

type Span = { articleId: string; start: number; end: number };

/** Quotes already shown, and the same words where the copies of their story carry them: "more quotes" skips both. */
export function withCopies(shown: readonly Span[], articleOf: (id: string) => IndexedArticle): Span[] {
  const spans = [...shown];
  for (const s of shown) {
    const text = articleOf(s.articleId).text.slice(s.start, s.end);
    for (const id of articleOf(s.articleId).sameStory ?? []) {
      const at = articleOf(id).text.indexOf(text);
      if (at >= 0) spans.push({ articleId: id, start: at, end: at + text.length });
    }
  }
  return spans;
}
