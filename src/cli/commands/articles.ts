import { configFrom, FILTER_OPTIONS, openEngine, parseCommand, parseFilter, type CliCommand } from '../context.ts';
import { renderArticles } from '../render.ts';

export const articlesCommand: CliCommand = {
  name: 'articles',
  usage: 'isnad articles [--json] [--since DAY] [--until DAY] [--outlet NAME]   the indexed articles, newest first: date, title, outlet, size',
  async run(argv, io) {
    const { values } = parseCommand(argv, { json: { type: 'boolean' }, ...FILTER_OPTIONS });
    const filter = parseFilter(values);
    const engine = await openEngine(configFrom(values), io);
    const articles = engine.articles(filter);
    if (values.json) io.out(JSON.stringify({ articles }));
    else for (const line of renderArticles(articles)) io.out(line);
    return 0;
  },
};
