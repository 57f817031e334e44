import { configFrom, openEngine, parseCommand, parseCount, requireText, type CliCommand } from '../context.ts';

export const searchCommand: CliCommand = {
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, { k: { type: 'string' }, json: { type: 'boolean' } });
    const question = requireText(positionals, 'the question', 'isnad search "اجتماع رؤساء الأركان في أنطاليا"');
    const k = parseCount(values.k, 'k', 5);
    const engine = await openEngine(configFrom(values), io);
    const passages = await engine.search(question, k);
    if (values.json) {
      io.out(JSON.stringify({ query: question, k, embedder: engine.index.embedder.id, passages }));
      return 0;
    }
    if (passages.length === 0) io.out('no passage matches this question');
    for (const p of passages) {
      io.out(`[${p.rank}] ${p.title}${p.outlet ? ` — ${p.outlet}` : ''}`);
      io.out(
        `    ${p.articleId} [${p.start}, ${p.end})  fused ${p.scores.fused.toFixed(3)}  lexical ${p.scores.lexical.toFixed(2)}  vector ${p.scores.vector.toFixed(3)}`,
      );
      io.out(`    ${p.text.replace(/\s+/g, ' ')}`);
    }
    return 0;
  },
};
