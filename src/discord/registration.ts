import { REST, Routes } from 'discord.js';
import type { Config } from '../config.ts';
import { commandDefinitions } from './commands/index.ts';

export interface Registration {
  scope: 'guild' | 'global';
  guildId?: string;
  names: string[];
}

/**
 * Overwrites the application's commands with this bot's: in DISCORD_GUILD_ID when set (instant),
 * else globally (Discord may take up to an hour to show changes).
 */
export async function registerCommands(config: Config): Promise<Registration> {
  const { token, appId, guildId, apiBase } = config.discord;
  if (!token || !appId) throw new Error('DISCORD_TOKEN and DISCORD_APP_ID are needed to register commands');
  const rest = new REST({ api: apiBase }).setToken(token);
  const body = commandDefinitions(config.discord.language);
  const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
  await rest.put(route, { body });
  return { scope: guildId ? 'guild' : 'global', ...(guildId ? { guildId } : {}), names: body.map((c) => c.name) };
}
