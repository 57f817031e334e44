import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { articlePageButtons } from '../button-rows.ts';
import type { BotContext } from '../context.ts';
import { formatArticlePage } from '../format.ts';
import { chooseLanguage } from '../language.ts';
import { bilingual, inEnglish } from './command.ts';

export const data = new SlashCommandBuilder()
  .setName('articles')
  .setDescription(bilingual('المقالات المتاحة، الأحدث أولًا', 'The articles I can quote'))
  .setDescriptionLocalizations(inEnglish('The articles I can quote, with title and outlet'));

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const language = chooseLanguage(ctx.config.discord.language);
  const { embeds, allowedMentions, page, pages } = formatArticlePage(ctx.engine().articles(), 0, language);
  await interaction.reply({ embeds, allowedMentions, components: articlePageButtons(page, pages, language) });
}
