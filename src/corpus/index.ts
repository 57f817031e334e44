export { parseArticle, type Article, type TextSpan } from './article.ts';
export {
  decodeArticle, listCorpusFiles, readCorpus, type CorpusReadResult, type SkippedFile,
} from './read.ts';
export { formatFrontMatter, FrontMatterError, parseFrontMatter, type ArticleMetadata, type FrontMatter } from './front-matter.ts';
