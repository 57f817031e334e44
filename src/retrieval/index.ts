export { expandQuery, searchPassages, DEFAULT_SEARCH, type Passage, type SearchOptions } from './hybrid.ts';
