import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { formatHelp } from '../format.ts';
import { chooseLanguage } from '../language.ts';
import { bilingual, inEnglish } from './command.ts';

export const data = new SlashCommandBuilder()
  .setName('help')
  .setDescription(bilingual('ماذا أفعل وكيف أختار الأجوبة', 'What I do and how I answer'))
  .setDescriptionLocalizations(inEnglish('What this bot does and how it chooses its answers'));

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const language = chooseLanguage(interaction.locale);
  await interaction.reply({ ...formatHelp(language, ctx.engine().articleCount), flags: MessageFlags.Ephemeral });
}
