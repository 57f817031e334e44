export { Engine, type EngineOptions, type ReindexOptions } from './engine.ts';
export { openEngine } from './open.ts';
export { listIndexedArticles, newestFirst, type ArticleInfo } from './article-list.ts';
