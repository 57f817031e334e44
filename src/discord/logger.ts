import { pino } from 'pino';
import type { Config } from '../config.ts';

export type Logger = pino.Logger;

export interface LoggerOptions {
  level: Config['logLevel'];
  /** Strings that must never reach the log, whatever field or message they turn up in (the token). */
  secrets?: Array<string | undefined>;
  /** Where the JSON lines go (default stdout). */
  destination?: pino.DestinationStream;
}

const REDACTED = '[redacted]';

/** Structured JSON logs; the token is redacted by key and, anywhere else, by value. */
export function createLogger({ level, secrets = [], destination }: LoggerOptions): Logger {
  const hidden = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  return pino(
    {
      level,
      base: { app: 'isnad-discord' },
      redact: {
        paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'config.discord.token', 'discord.token'],
        censor: REDACTED,
      },
      hooks: {
        streamWrite: (line) => hidden.reduce((out, secret) => out.split(secret).join(REDACTED), line),
      },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
