// The command loader: every command file, collected once. Registration and the interaction
// router both use this list, so what is registered is exactly what is handled.

import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import * as articles from './articles.ts';
import * as ask from './ask.ts';
import type { LanguageSetting } from '../language.ts';
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

/**
 * The bodies `npm run register` sends. Discord has no Arabic locale and an Arabic speaker's client
 * usually says English, so unless the bot is set to English every client gets the Arabic
 * descriptions, not the English localisations.
 */
export function commandDefinitions(language: LanguageSetting): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const bodies = commands.map((c) => c.data.toJSON());
  return language === 'en' ? bodies : bodies.map(withoutLocalizations);
}

function withoutLocalizations<T extends { description_localizations?: unknown; options?: readonly object[] }>(body: T): T {
  const { description_localizations: _dropped, ...rest } = body;
  return { ...rest, ...(body.options ? { options: body.options.map((o) => withoutLocalizations(o)) } : {}) } as T;
}
