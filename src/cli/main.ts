import { ConfigError } from '../config.ts';
import { UsageError, type CliCommand, type Output } from './command.ts';
import { terminalLine } from './terminal.ts';

interface CommandEntry {
  name: string;
  usage: string;
  load: () => Promise<CliCommand>;
  /** Prints its own colours (through terminalLine's `colours`). */
  colours?: true;
}

/**
 * A command's module is imported only when it is the one run: a static import of them all made
 * every command pay for the heaviest one's dependencies at start-up.
 */
const COMMANDS: CommandEntry[] = [
  {
    name: 'ask',
    usage:
      'isnad ask "<question>" [--json] [--k N] [--since DAY] [--until DAY] [--outlet NAME]   quotes that answer it, with their sources',
    load: async () => (await import('./commands/ask.ts')).askCommand,
    colours: true,
  },
  {
    name: 'sources',
    usage:
      'isnad sources "<question>" [--json] [--k N] [--since DAY] [--until DAY] [--outlet NAME]   the passages behind a question, with offsets and scores',
    load: async () => (await import('./commands/sources.ts')).sourcesCommand,
  },
  {
    name: 'summary',
    usage:
      'isnad summary --article <id or part of title> | --topic "<text>" [--sentences N] [--since DAY] [--until DAY] [--outlet NAME] [--json]',
    load: async () => (await import('./commands/summary.ts')).summaryCommand,
  },
  {
    name: 'articles',
    usage:
      'isnad articles [--json] [--since DAY] [--until DAY] [--outlet NAME]   the indexed articles, newest first: date, title, outlet, size',
    load: async () => (await import('./commands/articles.ts')).articlesCommand,
  },
  {
    name: 'index',
    usage: 'isnad index [--rebuild] [--force] [--no-wait]  build or update the index under embeddings/',
    load: async () => (await import('./commands/update-index.ts')).indexCommand,
  },
  {
    name: 'add',
    usage: 'isnad add <file|url|folder>… [--map f=col]  add web pages, .html, .jsonl/.csv archives to the corpus',
    load: async () => (await import('./commands/add.ts')).addCommand,
  },
  {
    name: 'follow',
    usage: 'isnad follow <feed-url>                        remember an RSS or Atom feed (read by isnad update)',
    load: async () => (await import('./commands/feeds.ts')).followCommand,
  },
  {
    name: 'unfollow',
    usage: 'isnad unfollow <feed-url>                      forget a feed (its articles stay in the corpus)',
    load: async () => (await import('./commands/feeds.ts')).unfollowCommand,
  },
  {
    name: 'feeds',
    usage: 'isnad feeds [--json]                           the followed feeds',
    load: async () => (await import('./commands/feeds.ts')).feedsCommand,
  },
  {
    name: 'update',
    usage: 'isnad update                                   fetch every followed feed, add new articles, update the index',
    load: async () => (await import('./commands/feeds.ts')).updateCommand,
  },
  {
    name: 'eval',
    usage:
      'isnad eval --corpus DIR --qa FILE [--json] [--index-dir DIR] [--remove-gold [--sample N] [--seed S]]   the metrics of ../shared/eval/README.md',
    load: async () => (await import('./commands/eval.ts')).evalCommand,
  },
  {
    name: 'model',
    usage: 'isnad model download [--model ID]            fetch the embedding model into embeddings/models/',
    load: async () => (await import('./commands/model.ts')).modelCommand,
  },
];

/** Old command names that still run the new one, after one line on stderr. */
const RENAMED = new Map([['search', 'sources']]);

const USAGE = `isnad — answers about the Arabic articles in corpus/, quoted word for word

usage:
${COMMANDS.map((c) => `  ${c.usage}`).join('\n')}

options for every command:
  --corpus DIR        articles folder (default: corpus, or CORPUS_DIR)
  --index-dir DIR     index folder (default: embeddings, or INDEX_DIR)
  --embedder NAME     auto | transformers | builtin (default: auto, or EMBEDDER)
  -h, --help          this text

embedder: auto uses the model in embeddings/models/ when it is there, else the built-in one
(spelling and morphology, not meaning); \`isnad articles\` says which the index was built with.`;

const consoleOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Runs one CLI command; returns the process exit code. Every line it prints goes through terminalLine. */
export async function main(argv: string[], output: Output = consoleOutput): Promise<number> {
  const [name, ...rest] = argv;
  const colours = COMMANDS.find((c) => c.name === name)?.colours;
  const io: Output = { out: (line) => output.out(terminalLine(line, colours)), err: (line) => output.err(terminalLine(line)) };
  if (name === undefined || name === 'help' || name === '-h' || name === '--help') {
    io.out(USAGE);
    return name === undefined ? 2 : 0;
  }
  const renamed = RENAMED.get(name);
  if (renamed) io.err(`isnad: "${name}" is now "${renamed}" (the same as Discord's /${renamed}); the old name will go away`);
  const command = COMMANDS.find((c) => c.name === (renamed ?? name));
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`usage: ${command.usage}`);
      return 0;
    }
    return await (await command.load()).run(rest, io);
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
