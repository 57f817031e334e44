import { ConfigError } from '../config.ts';
import { addCommand } from './commands/add.ts';
import { feedsCommand, followCommand, unfollowCommand, updateCommand } from './commands/feeds.ts';
import { articlesCommand } from './commands/articles.ts';
import { askCommand } from './commands/ask.ts';
import { evalCommand } from './commands/eval.ts';
import { indexCommand } from './commands/index-command.ts';
import { modelCommand } from './commands/model.ts';
import { searchCommand } from './commands/search.ts';
import { sourcesCommand } from './commands/sources.ts';
import { summaryCommand } from './commands/summary.ts';
import { UsageError, type CliCommand, type Output } from './context.ts';

const COMMANDS: CliCommand[] = [
  askCommand,
  sourcesCommand,
  summaryCommand,
  articlesCommand,
  searchCommand,
  indexCommand,
  addCommand,
  followCommand,
  unfollowCommand,
  feedsCommand,
  updateCommand,
  evalCommand,
  modelCommand,
];

const USAGE = `isnad — answers about the Arabic articles in corpus/, quoted word for word

usage:
${COMMANDS.map((c) => `  ${c.usage}`).join('\n')}

options for every command:
  --corpus DIR        articles folder (default: corpus, or CORPUS_DIR)
  --index-dir DIR     index folder (default: embeddings, or EMBEDDINGS_DIR)
  --embedder NAME     auto | transformers | builtin (default: auto, or EMBEDDER)
  -h, --help          this text`;

const consoleOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Runs one CLI command; returns the process exit code. */
export async function main(argv: string[], io: Output = consoleOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '-h' || name === '--help') {
    io.out(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`usage: ${command.usage}`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || isParseArgsError(error)) {
      io.err(`isnad: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`isnad: ${(error as Error).message}`);
    return 1;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
