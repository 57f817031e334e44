export { Engine, type ArticleInfo, type EngineOptions } from './engine.ts';
