// The worker of Extractor (extractor.ts): one page at a time, its bytes decoded and its article
// extracted, off the thread that answers Discord.
import { parentPort } from 'node:worker_threads';
import { decodeHtml } from './decode.ts';
import { extractArticle, ExtractError } from './extract.ts';
import type { ExtractReply, ExtractRequest } from './extractor.ts';

/** Share of a page's characters that may be undecodable bytes (U+FFFD). */
const MAX_UNDECODED_SHARE = 0.01;

parentPort!.on('message', ({ bytes, contentType, pageUrl }: ExtractRequest) => {
  let reply: ExtractReply;
  try {
    const html = decodeHtml(bytes, contentType);
    const undecoded = html.split('\uFFFD').length - 1;
    // A stray bad byte is common on the web; a page that is garbled throughout is not stored as if good.
    if (undecoded > MAX_UNDECODED_SHARE * html.length) {
      throw new ExtractError(
        `${pageUrl ? `${pageUrl}: ` : ''}${undecoded} characters could not be decoded (the bytes are in no encoding the page names or isnad recognises); skipped`,
      );
    }
    reply = { article: extractArticle(html, pageUrl) };
  } catch (error) {
    reply = { error: (error as Error).message, extract: error instanceof ExtractError };
  }
  parentPort!.postMessage(reply);
});
