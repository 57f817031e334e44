// The worker of Extractor (extractor.ts): one page at a time, its bytes decoded and its article
// extracted, off the thread that answers Discord.
import { parentPort } from 'node:worker_threads';
import { decodeHtml } from './decode.ts';
import { extractArticle, ExtractError } from './extract.ts';
import type { ExtractReply, ExtractRequest } from './extractor.ts';

parentPort!.on('message', ({ bytes, contentType, pageUrl }: ExtractRequest) => {
  let reply: ExtractReply;
  try {
    reply = { article: extractArticle(decodeHtml(bytes, contentType), pageUrl) };
  } catch (error) {
    reply = { error: (error as Error).message, extract: error instanceof ExtractError };
  }
  parentPort!.postMessage(reply);
});
