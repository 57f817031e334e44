import { configFrom, FILTER_OPTIONS, openEngine, parseCommand, parseCount, parseFilter, requireText, type CliCommand } from '../context.ts';
import { passageGist, questionTerms } from '../../answering/index.ts';
import { questionScriptNote, renderPassages } from '../render.ts';
import { jsonLine } from '../terminal.ts';

export const sourcesCommand: CliCommand = {
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, { k: { type: 'string' }, json: { type: 'boolean' }, ...FILTER_OPTIONS });
    const question = requireText(positionals, 'the question', 'isnad sources "اتفاق سوتشي"');
    const k = parseCount(values.k, 'k', 5);
    const filter = parseFilter(values);
    const engine = await openEngine(configFrom(values), io);
    for (const line of questionScriptNote(engine.questionScript(question))) io.err(line);
    const passages = await engine.search(question, k, filter);
    if (values.json) io.out(jsonLine({ question, k, embedder: engine.index.embedder.id, passages }));
    else {
      const terms = questionTerms(question);
      for (const line of renderPassages(passages.map((p) => ({ ...p, gist: passageGist(p, terms) })))) io.out(line);
    }
    return 0;
  },
};
