/** The built-in embedder's format, named in its ids and saved states: an index of another format is rebuilt. */
export const BUILTIN_FORMAT = 'ngram-hash-v1';

/**
 * The id of the built-in embedder of `dims` dimensions, as an index records it. Apart from the
 * embedder itself, so that telling which embedder an index was built with (isnad articles) does not
 * load the text analysis the embedder runs on.
 */
export function builtinEmbedderId(dims: number): string {
  return `builtin:${BUILTIN_FORMAT}:d${dims}`;
}
