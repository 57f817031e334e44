// The command loader: every command file, collected once. Registration and the interaction
// router both use this list, so what is registered is exactly what is handled.

import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import * as articles from './articles.ts';
import * as ask from './ask.ts';
import type { Command } from './command.ts';
import * as help from './help.ts';
import * as reindex from './reindex.ts';
import * as sources from './sources.ts';
import * as summary from './summary.ts';

export type { Command } from './command.ts';

export const commands: readonly Command[] = [ask, sources, summary, articles, help, reindex];

const byName = new Map(commands.map((c) => [c.data.name, c]));

export function findCommand(name: string): Command | undefined {
  return byName.get(name);
}

/** The bodies `npm run register` sends. */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((c) => c.data.toJSON());
}
