import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { IndexUpdateStopped } from '../../store/index.ts';
import type { BotContext } from '../context.ts';
import { formatNotice } from '../format.ts';
import { chooseLanguage, textsFor } from '../language.ts';
import { logQuestion } from '../reply-flow.ts';
import { inEnglish } from './command.ts';

export const data = new SlashCommandBuilder()
  .setName('reindex')
  .setDescription('أعد قراءة المقالات وبدّل الفهرس')
  .setDescriptionLocalizations(inEnglish('Re-read the corpus folder and swap in the new index (Manage Server)'))
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

/** Builds a new engine while the current one keeps answering, then swaps it in. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const started = performance.now();
  const texts = textsFor(chooseLanguage(ctx.config.discord.language));
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (ctx.reindexing) {
    await interaction.editReply(formatNotice(texts.reindexBusy));
    return;
  }
  ctx.reindexing = true;
  try {
    const next = await ctx.engine().reindex({ log: (line) => ctx.logger.info({ reindex: line }, 'reindex'), signal: ctx.stopping });
    ctx.swapEngine(next);
    if (next.report.stale) {
      await interaction.editReply(formatNotice(texts.reindexStale(next.report.stale)));
      logQuestion(ctx, 'reindex', interaction.user.id, started, 'stale');
      return;
    }
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    await interaction.editReply(formatNotice(texts.reindexDone(next.report.articles, next.report.chunks, seconds)));
    logQuestion(ctx, 'reindex', interaction.user.id, started, 'reindexed');
  } catch (error) {
    if (error instanceof IndexUpdateStopped) {
      await interaction.editReply(formatNotice(texts.reindexStopped));
      logQuestion(ctx, 'reindex', interaction.user.id, started, 'stopped');
      return;
    }
    logQuestion(ctx, 'reindex', interaction.user.id, started, 'error', error);
    await interaction.editReply(formatNotice(texts.reindexFailed));
  } finally {
    ctx.reindexing = false;
  }
}
