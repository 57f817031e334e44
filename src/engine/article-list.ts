import type { Config } from '../config.ts';
import { compareArticleIds } from '../corpus/index.ts';
import { indexedEmbedderId } from '../embedding/index.ts';
import { readArticleListing, type ListedArticle } from '../store/index.ts';
import { articleMatches, type ArticleFilter } from '../retrieval/index.ts';
import { indexSettingsOf } from './index-settings.ts';

/** An article as the lists of articles show it (the CLI's and Discord's `articles`): metadata, length, chunks. */
export type ArticleInfo = ListedArticle;

/** The time an article was published, -Infinity when it gives no date (or one that is not a date). */
function publishedTime(published: string | undefined): number {
  const time = published === undefined ? Number.NaN : Date.parse(published);
  return Number.isNaN(time) ? -Infinity : time;
}

/** The one order articles are listed in, by every front end: newest first, undated ones last, then by id. */
export function newestFirst<T extends { id: string; published?: string }>(articles: Iterable<T>): T[] {
  return [...articles].sort((a, b) => {
    const ta = publishedTime(a.published);
    const tb = publishedTime(b.published);
    return ta === tb ? compareArticleIds(a.id, b.id) : tb > ta ? 1 : -1;
  });
}

/** The articles (those passing `filter`), newest first; undated ones last; then by id. */
export function articleInfos(articles: Iterable<ListedArticle>, filter?: ArticleFilter): ArticleInfo[] {
  return newestFirst([...articles].filter((a) => articleMatches(a, filter))).map(
    ({ id, title, outlet, published, url, author, section, characters, chunks, sameStory }) => {
      const info: ArticleInfo = { id, title, outlet, characters, chunks };
      for (const [key, value] of Object.entries({ published, url, author, section, sameStory })) {
        if (value !== undefined) Object.assign(info, { [key]: value });
      }
      return info;
    },
  );
}

/**
 * The articles as Engine.articles lists them, read from the index's manifest and article list
 * alone — no search data, vectors, embedder or answer model — when the index is up to date with
 * the corpus and its settings; undefined otherwise (then Engine.open brings it up to date first).
 */
export async function listIndexedArticles(
  config: Config,
  filter?: ArticleFilter,
): Promise<{ articles: ArticleInfo[]; embedderId: string } | undefined> {
  const embedderId = await indexedEmbedderId(config);
  if (embedderId === undefined) return undefined;
  const listing = await readArticleListing({ ...indexSettingsOf(config), embedderId });
  return listing && { articles: articleInfos(listing.articles, filter), embedderId: listing.embedderId };
}
