/** What every command module provides, kept apart from context.ts so that main.ts loads no engine to print its usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface CliCommand {
  run(argv: string[], io: Output): Promise<number>;
}
