import { downloadModel } from '../../embedding/index.ts';
import { configFrom, parseCommand, UsageError, type CliCommand } from '../context.ts';
import { progressBar } from '../progress.ts';

export const modelCommand: CliCommand = {
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, { model: { type: 'string' } });
    if (positionals[0] !== 'download' || positionals.length !== 1) throw new UsageError('usage: isnad model download [--model ID]');
    const config = configFrom(values);
    const model = values.model ?? config.embeddingModel;
    const bar = progressBar();
    try {
      const folder = await downloadModel({
        model,
        modelsDir: config.modelsDir,
        remoteTimeoutMs: config.modelDownloadTimeoutMs,
        onDownloadProgress: (p) => bar.update(p.file, p.loaded, p.total),
      });
      bar.done();
      io.out(`model ${model} is in ${folder}; the next index run uses it (EMBEDDER=auto or transformers)`);
      return 0;
    } finally {
      bar.done();
    }
  },
};
