import { configFrom, FILTER_OPTIONS, openEngine, parseCommand, parseCount, parseFilter, requireText, type CliCommand } from '../context.ts';
import { renderAnswer, withQuoteLinks } from '../render.ts';

export const askCommand: CliCommand = {
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, { k: { type: 'string' }, json: { type: 'boolean' }, ...FILTER_OPTIONS });
    const question = requireText(positionals, 'the question', 'isnad ask "من هو رئيس الأركان الروسي؟"');
    const k = parseCount(values.k, 'k', 5);
    const filter = parseFilter(values);
    const engine = await openEngine(configFrom(values), io);
    const answer = await engine.ask(question, { k, filter });
    if (values.json) {
      const { missingTerms, ...rest } = withQuoteLinks(answer);
      io.out(JSON.stringify({ ...rest, missing_terms: missingTerms, embedder: engine.index.embedder.id }));
    } else for (const line of renderAnswer(answer, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR })) io.out(line);
    return 0;
  },
};
