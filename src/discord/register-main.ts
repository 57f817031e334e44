// npm run register: sends the slash command definitions to Discord.

import { ConfigError, loadConfig } from '../config.ts';
import { registerCommands } from './register-commands.ts';
import { missingSettingsMessage, type DiscordSetting } from './setup-help.ts';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`isnad: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const missing: DiscordSetting[] = [];
  if (!config.discord.token) missing.push('DISCORD_TOKEN');
  if (!config.discord.appId) missing.push('DISCORD_APP_ID');
  if (missing.length > 0) {
    process.stderr.write(missingSettingsMessage(missing, 'register the commands'));
    return 1;
  }
  try {
    const done = await registerCommands(config);
    const where =
      done.scope === 'guild' ? `in server ${done.guildId} (available now)` : 'globally (Discord may take up to an hour to show them)';
    process.stdout.write(`Registered ${done.names.length} commands ${where}: ${done.names.map((n) => `/${n}`).join(' ')}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`isnad: registering the commands failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main();
