/**
 * A child process for tests/store/kill-during-write.test.ts, which kills it at various moments:
 *   node --import tsx tests/helpers/update-index-child.ts <corpusDir> <indexDir>
 * Brings the index up to date with the built-in embedder (the application's default settings), with `force` (the
 * tests replace the whole corpus). Prints "ready" once
 * its modules are loaded, just before updateIndex starts, and a JSON line with the report's counts when done.
 */
import { updateIndex } from '../../src/store/index.ts';
import { indexSettings } from './index-settings.ts';

const [corpusDir, indexDir] = process.argv.slice(2);
if (!corpusDir || !indexDir) {
  process.stderr.write('usage: update-index-child.ts <corpusDir> <indexDir>\n');
  process.exit(2);
}
process.stdout.write('ready\n');
const { report } = await updateIndex(indexSettings(corpusDir, indexDir, { force: true }));
process.stdout.write(`${JSON.stringify({ articles: report.articles, chunks: report.chunks, rebuilt: report.rebuilt })}\n`);
