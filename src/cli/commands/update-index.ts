import { configFrom, openEngine, parseCommand, type CliCommand } from '../context.ts';

export const indexCommand: CliCommand = {
  async run(argv, io) {
    const { values } = parseCommand(argv, { rebuild: { type: 'boolean' }, force: { type: 'boolean' }, 'no-wait': { type: 'boolean' } });
    const engine = await openEngine(configFrom(values), io, {
      rebuild: values.rebuild ?? false,
      force: values.force ?? false,
      whenLocked: values['no-wait'] ? 'fail' : 'wait',
    });
    const r = engine.report;
    // Why is already on stderr (the engine's log); the index there still serves the other commands.
    if (r.stale) return 1;
    const what = r.upToDate
      ? 'index is up to date'
      : r.rebuilt
        ? 'index built'
        : `index updated (${r.added} added, ${r.changed} changed, ${r.removed} removed)`;
    const skipped = r.skipped.length ? `, ${r.skipped.length} file(s) skipped` : '';
    io.out(
      `${what}: ${r.articles} articles, ${r.chunks} chunks, ${r.embedded} embedded, ${r.embedderId}${skipped}, ${r.seconds.toFixed(2)} s`,
    );
    return 0;
  },
};
