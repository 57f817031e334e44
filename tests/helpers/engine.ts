import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { Engine } from '../../src/engine/index.ts';
import { NEWS_CORPUS } from './fixtures.ts';

/** A real engine over a corpus folder, with the built-in embedder and a fresh index in a temp dir. */
export async function openTestEngine(corpusDir = NEWS_CORPUS): Promise<Engine> {
  const config = loadConfig({
    CORPUS_DIR: corpusDir,
    INDEX_DIR: mkdtempSync(path.join(os.tmpdir(), 'isnad-engine-')),
    EMBEDDER: 'builtin',
  });
  return Engine.open(config);
}
