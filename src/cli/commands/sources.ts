import { configFrom, FILTER_OPTIONS, openEngine, parseCommand, parseCount, parseFilter, requireText, type CliCommand } from '../context.ts';
import { questionScriptNote, renderPassages } from '../render.ts';

export const sourcesCommand: CliCommand = {
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, { k: { type: 'string' }, json: { type: 'boolean' }, ...FILTER_OPTIONS });
    const question = requireText(positionals, 'the question', 'isnad sources "اتفاق سوتشي"');
    const k = parseCount(values.k, 'k', 5);
    const filter = parseFilter(values);
    const engine = await openEngine(configFrom(values), io);
    for (const line of questionScriptNote(engine.questionScript(question))) io.err(line);
    const passages = await engine.search(question, k, filter);
    if (values.json) io.out(JSON.stringify({ question, k, embedder: engine.index.embedder.id, passages }));
    else for (const line of renderPassages(question, passages)) io.out(line);
    return 0;
  },
};
