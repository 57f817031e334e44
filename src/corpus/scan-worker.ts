// The worker of readCorpus's scan (see scanOnWorker in read.ts): sync reads are cheap off the main thread.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { errorCode, isUnchanged } from './file-bytes.ts';

export interface ScanInput {
  dir: string;
  files: string[];
  /** The known hash of each file, or null. */
  hashes: Array<string | null>;
}

/** Per file: 0 when unchanged, its bytes, or the code of the error that kept it from being read. */
export type ScanResult = 0 | Uint8Array | { code: string };

const { dir, files, hashes } = workerData as ScanInput;
const results: ScanResult[] = files.map((id, i) => {
  try {
    const bytes = readFileSync(path.join(dir, ...id.split('/')));
    return isUnchanged(bytes, hashes[i]) ? 0 : new Uint8Array(bytes);
  } catch (err) {
    return { code: errorCode(err) };
  }
});
parentPort!.postMessage(results);
