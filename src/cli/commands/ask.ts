import { configFrom, openEngine, parseCommand, parseCount, requireText, type CliCommand } from '../context.ts';
import { renderAnswer } from '../render.ts';

export const askCommand: CliCommand = {
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, { k: { type: 'string' }, json: { type: 'boolean' } });
    const question = requireText(positionals, 'the question', 'isnad ask "من هو رئيس الأركان الروسي؟"');
    const k = parseCount(values.k, 'k', 5);
    const engine = await openEngine(configFrom(values), io);
    const answer = await engine.ask(question, { k });
    if (values.json) io.out(JSON.stringify({ ...answer, embedder: engine.index.embedder.id }));
    else for (const line of renderAnswer(answer, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR })) io.out(line);
    return 0;
  },
};
