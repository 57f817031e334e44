import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { formatHelp } from '../format.ts';
import { chooseLanguage } from '../language.ts';
import { inEnglish } from './command.ts';

export const data = new SlashCommandBuilder()
  .setName('help')
  .setDescription('ماذا أفعل وكيف أختار الأجوبة')
  .setDescriptionLocalizations(inEnglish('What this bot does and how it chooses its answers'));

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const language = chooseLanguage(ctx.config.discord.language);
  const engine = ctx.engine();
  await interaction.reply({
    ...formatHelp(language, engine.articleCount, engine.searchesByMeaning ? 'meaning' : 'words'),
    flags: MessageFlags.Ephemeral,
  });
}
