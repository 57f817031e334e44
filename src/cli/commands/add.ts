import type { Config } from '../../config.ts';
import {
  addSources,
  configuredHttpClient,
  CorpusWriter,
  FieldMapError,
  parseFieldMap,
  type AddContext,
  type AddReport,
} from '../../ingestion/index.ts';
import { configFrom, openEngine, parseCommand, UsageError, type CliCommand, type Output } from '../context.ts';

export const addCommand: CliCommand = {
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, { map: { type: 'string' } });
    if (!positionals.length)
      throw new UsageError('say what to add, e.g. isnad add https://example.com/news/1.html or isnad add archive.jsonl');
    let map;
    try {
      map = values.map === undefined ? undefined : parseFieldMap(values.map);
    } catch (error) {
      if (error instanceof FieldMapError) throw new UsageError(error.message);
      throw error;
    }
    const config = configFrom(values);
    const ctx = await sourcesContext(config, io);
    const report = await addSources(positionals, { ...ctx, map });
    printReport(report, io);
    return finish(config, io, report.added.length, report.problems.length === 0);
  },
};

/** The corpus writer and a polite HTTP client for the configured corpus. */
export async function sourcesContext(config: Config, io: Output): Promise<AddContext> {
  return {
    writer: await CorpusWriter.open(config.corpusDir),
    http: configuredHttpClient(config),
    log: io.err,
  };
}

export function printReport(report: AddReport, io: Output, label = ''): void {
  for (const problem of report.problems) io.err(`${label}${problem}`);
  const duplicates = report.duplicates ? `, ${report.duplicates} already in the corpus` : '';
  const skipped = report.problems.length ? `, ${report.problems.length} could not be added` : '';
  const postponed = report.postponed ? `, ${report.postponed} left for the next update (the round's time was up)` : '';
  io.out(`${label}${report.added.length} article(s) added${duplicates}${skipped}${postponed}`);
}

/**
 * Brings the index up to date when articles were added; exit code 1 when anything failed, the
 * index update included (its last line says so: never "index updated" after "not updated").
 */
export async function finish(config: Config, io: Output, added: number, clean: boolean): Promise<number> {
  if (added > 0) {
    const r = (await openEngine(config, io)).report;
    if (r.stale) {
      // Why is already on stderr (the engine's log).
      io.out(`index not updated: the ${added} new article(s) are in the corpus and are answered from after the next isnad index`);
      return 1;
    }
    io.out(`index updated: ${r.articles} articles (${r.added} added), ${r.chunks} chunks, ${r.seconds.toFixed(2)} s`);
  }
  return clean ? 0 : 1;
}
