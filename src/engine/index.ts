export { Engine, type ArticleInfo, type EngineOptions, type ReindexOptions } from './engine.ts';
