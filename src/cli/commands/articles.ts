import { configFrom, FILTER_OPTIONS, openEngine, parseCommand, parseFilter, type CliCommand } from '../context.ts';
import { renderArticles } from '../render.ts';

export const articlesCommand: CliCommand = {
  async run(argv, io) {
    const { values } = parseCommand(argv, { json: { type: 'boolean' }, ...FILTER_OPTIONS });
    const filter = parseFilter(values);
    const engine = await openEngine(configFrom(values), io);
    const articles = engine.articles(filter);
    if (values.json) {
      io.out(JSON.stringify({ articles }));
      return 0;
    }
    for (const line of renderArticles(articles)) io.out(line);
    io.out(embedderStatus(engine.index.embedder.id));
    return 0;
  },
};

/** The one line that names the index's embedder, and for the built-in one what it cannot do. */
function embedderStatus(id: string): string {
  if (!id.startsWith('builtin:')) return `embedder: ${id}`;
  return `embedder: built-in (${id}: spelling and morphology, not meaning; \`npx isnad model download\` then \`npx isnad index --rebuild\` for the model)`;
}
