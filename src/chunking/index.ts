export { chunkArticle, hashText, type Chunk, type ChunkingOptions } from './chunk.ts';
