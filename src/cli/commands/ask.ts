import { configFrom, FILTER_OPTIONS, openEngine, parseCommand, parseCount, parseFilter, requireText, type CliCommand } from '../context.ts';
import { questionScriptNote, renderAnswer, withQuoteLinks } from '../render.ts';
import { jsonLine } from '../terminal.ts';

export const askCommand: CliCommand = {
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, { k: { type: 'string' }, json: { type: 'boolean' }, ...FILTER_OPTIONS });
    const question = requireText(positionals, 'the question', 'isnad ask "من هو رئيس الأركان الروسي؟"');
    const k = parseCount(values.k, 'k', 5);
    const filter = parseFilter(values);
    const engine = await openEngine(configFrom(values), io);
    const script = engine.questionScript(question);
    for (const line of questionScriptNote(script)) io.err(line);
    // Asked all the same for --json, whose readers expect an answer object; the text output stops at the note.
    if (script === 'unmatchable' && !values.json) return 0;
    const answer = await engine.ask(question, { k, filter });
    if (values.json) {
      const { missingTerms, ...rest } = withQuoteLinks(answer);
      io.out(jsonLine({ ...rest, missing_terms: missingTerms, embedder: engine.index.embedder.id }));
    } else for (const line of renderAnswer(answer, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR })) io.out(line);
    return 0;
  },
};
