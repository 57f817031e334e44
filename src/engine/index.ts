export { Engine, type EngineOptions, type ReindexOptions } from './engine.ts';
export { listIndexedArticles, type ArticleInfo } from './article-list.ts';
