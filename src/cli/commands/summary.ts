import { configFrom, FILTER_OPTIONS, openEngine, parseCommand, parseCount, parseFilter, UsageError, type CliCommand } from '../context.ts';
import { renderSummary, withQuoteLinks } from '../render.ts';
import { jsonLine } from '../terminal.ts';

export const summaryCommand: CliCommand = {
  async run(argv, io) {
    const { values } = parseCommand(argv, {
      article: { type: 'string' },
      topic: { type: 'string' },
      sentences: { type: 'string' },
      json: { type: 'boolean' },
      ...FILTER_OPTIONS,
    });
    if (!values.article === !values.topic) throw new UsageError('summary needs exactly one of --article or --topic');
    const sentences = parseCount(values.sentences, 'sentences', 4, 10);
    const filter = parseFilter(values);
    const engine = await openEngine(configFrom(values), io);
    let summary;
    if (values.article) {
      const matches = engine.findArticles(values.article, filter);
      if (matches.length === 0) {
        io.err(`isnad: no article matches "${values.article}"; see isnad articles`);
        return 1;
      }
      if (matches.length > 1) {
        io.err(`isnad: "${values.article}" matches ${matches.length} articles; be more specific:`);
        for (const m of matches) io.err(`  ${m.id}  ${m.title}`);
        return 1;
      }
      summary = engine.summarizeArticle(matches[0]!.id, sentences);
    } else {
      summary = await engine.summarizeTopic(values.topic!, sentences, filter);
    }
    if (values.json) io.out(jsonLine(withQuoteLinks(summary)));
    else for (const line of renderSummary(summary)) io.out(line);
    return 0;
  },
};
