import { listIndexedArticles } from '../../engine/index.ts';
import { configFrom, FILTER_OPTIONS, openEngine, parseCommand, parseFilter, type CliCommand } from '../context.ts';
import { renderArticles } from '../render.ts';
import { jsonLine } from '../terminal.ts';

export const articlesCommand: CliCommand = {
  async run(argv, io) {
    const { values } = parseCommand(argv, { json: { type: 'boolean' }, ...FILTER_OPTIONS });
    const filter = parseFilter(values);
    const config = configFrom(values);
    // An up-to-date index is listed without loading it; otherwise it is brought up to date first, as by every command.
    const listed = (await listIndexedArticles(config, filter)) ?? (await listFromEngine());
    async function listFromEngine() {
      const engine = await openEngine(config, io);
      return { articles: engine.articles(filter), embedderId: engine.index.embedder.id };
    }
    if (values.json) {
      io.out(jsonLine({ articles: listed.articles }));
      return 0;
    }
    for (const line of renderArticles(listed.articles)) io.out(line);
    io.out(embedderStatus(listed.embedderId));
    return 0;
  },
};

/** The one line that names the index's embedder, and for the built-in one what it cannot do. */
function embedderStatus(id: string): string {
  if (!id.startsWith('builtin:')) return `embedder: ${id}`;
  return `embedder: built-in (${id}: spelling and morphology, not meaning; \`npx isnad model download\` then \`npx isnad index --rebuild\` for the model)`;
}
