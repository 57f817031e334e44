export { addSources, isWebAddress, type AddContext, type AddReport } from './add.ts';
export { ARCHIVE_FIELDS, FieldMapError, parseFieldMap, type FieldMap } from './archive.ts';
export { CorpusWriter } from './corpus-writer.ts';
export { extractArticle, ExtractError, type ExtractedArticle } from './extract.ts';
export {
  feedListFile,
  fetchFeed,
  FeedList,
  FeedListError,
  updateFeeds,
  updateFollowedFeeds,
  type FeedOutcome,
  type FollowedFeed,
} from './feeds.ts';
export { configuredHttpClient, DEFAULT_HTTP, HttpClient, HttpError, userAgent, type HttpOptions } from './http.ts';
