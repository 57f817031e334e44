/**
 * One corpus writer as its own process, for tests of writers running at the same time:
 *   node --import tsx corpus-child.ts add <corpus> <archive>   prints "ready" once its writer has
 *                                                              listed the folder, adds after "go" on stdin
 *   node --import tsx corpus-child.ts update <corpus>          `isnad update`'s feed round, at once
 *   node --import tsx corpus-child.ts follow <corpus> <url>    `isnad follow`, at once (also unfollow)
 * The last line of stdout is a JSON summary (add, update) or the command's output.
 */
import { once } from 'node:events';
import { main } from '../../src/cli/main.ts';
import { addSources, CorpusWriter, HttpClient, updateFollowedFeeds } from '../../src/ingestion/index.ts';

const [command, corpusDir, argument] = process.argv.slice(2) as [string, string, string | undefined];
const http = new HttpClient({ allowNetworks: ['127.0.0.1/32'], backoffMs: 10, retries: 1 });

if (command === 'add') {
  const writer = await CorpusWriter.open(corpusDir);
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  const report = await addSources([argument!], { writer, http });
  process.stdout.write(`${JSON.stringify({ added: report.added.length, duplicates: report.duplicates, problems: report.problems })}\n`);
} else if (command === 'update') {
  const outcomes = await updateFollowedFeeds(corpusDir, http);
  const summary = outcomes.map((o) => ({ url: o.url, added: o.report.added.length, problems: o.report.problems, error: o.error }));
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} else if (command === 'follow' || command === 'unfollow') {
  process.exitCode = await main([command, argument!, '--corpus', corpusDir]);
} else {
  throw new Error(`unknown command ${command}`);
}
process.stdin.destroy();
