import { configFrom, openEngine, parseCommand, type CliCommand } from '../context.ts';
import { renderArticles } from '../render.ts';

export const articlesCommand: CliCommand = {
  async run(argv, io) {
    const { values } = parseCommand(argv, { json: { type: 'boolean' } });
    const engine = await openEngine(configFrom(values), io);
    const articles = engine.articles();
    if (values.json) io.out(JSON.stringify({ articles }));
    else for (const line of renderArticles(articles)) io.out(line);
    return 0;
  },
};
