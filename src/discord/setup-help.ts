// What to tell someone who runs `npm start` or `npm run register` before setting Discord up.

const SETTINGS: Record<'DISCORD_TOKEN' | 'DISCORD_APP_ID', string> = {
  DISCORD_TOKEN: 'the bot token (Developer Portal → your application → Bot → Reset Token)',
  DISCORD_APP_ID: 'the application id (Developer Portal → General Information)',
};

export type DiscordSetting = keyof typeof SETTINGS;

/** The explanation printed (to stderr) when required Discord settings are missing. */
export function missingSettingsMessage(missing: readonly DiscordSetting[], action: 'start the bot' | 'register the commands'): string {
  return [
    `isnad: cannot ${action}: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set.`,
    '',
    'Put these lines in a .env file next to package.json (see .env.example):',
    `  DISCORD_TOKEN=...      ${SETTINGS.DISCORD_TOKEN}`,
    `  DISCORD_APP_ID=...     ${SETTINGS.DISCORD_APP_ID}`,
    '  DISCORD_GUILD_ID=...   optional: your server id, so `npm run register` is instant there',
    '  ALLOWED_CHANNEL_IDS=   optional: channel ids where mentions are answered (empty = all)',
    '',
    'Then run `npm run register` once and `npm start`. "Run it on Discord" in README.md has the steps.',
    '',
    'To try the engine without Discord:',
    '  npm run ask -- "من هو رئيس الأركان الروسي؟"',
    '',
  ].join('\n');
}
