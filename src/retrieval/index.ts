export { expandQuery, searchPassages, DEFAULT_SEARCH, type Passage, type SearchOptions } from './hybrid.ts';
export { articleMatches, FilterError, isEmptyFilter, parseArticleFilter, type ArticleFilter } from './filter.ts';
