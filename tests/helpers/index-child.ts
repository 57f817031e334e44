/**
 * A child process for the index-operations tests (two writers racing, a kill -9, a full disk, a
 * read-only folder, an unreadable file):
 *   node --import tsx tests/helpers/index-child.ts <corpusDir> <indexDir> ['<IndexSettings overrides as JSON>']
 * Prints "ready" once its modules are loaded, every log line of updateIndex on stderr, and a JSON
 * line with the report (or {"error": message}) on stdout; exits 0, or 1 when updateIndex failed.
 */
import { updateIndex } from '../../src/store/index.ts';
import { indexSettings } from './index-settings.ts';

const [corpusDir, indexDir, overrides = '{}'] = process.argv.slice(2);
if (!corpusDir || !indexDir) {
  process.stderr.write('usage: index-child.ts <corpusDir> <indexDir> [overrides]\n');
  process.exit(2);
}
process.stdout.write('ready\n');
try {
  const { report } = await updateIndex(
    indexSettings(corpusDir, indexDir, { ...JSON.parse(overrides), log: (line) => process.stderr.write(`${line}\n`) }),
  );
  process.stdout.write(`${JSON.stringify(report)}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: (error as Error).message })}\n`);
  process.exitCode = 1;
}
