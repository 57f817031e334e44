import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { BotContext } from '../context.ts';
import { formatNotice } from '../format.ts';
import { chooseLanguage, textsFor, type InterfaceText } from '../language.ts';
import type { ReindexOutcome } from '../reindexing.ts';
import { logQuestion } from '../reply-flow.ts';
import { inEnglish } from './command.ts';

export const data = new SlashCommandBuilder()
  .setName('reindex')
  .setDescription('أعد قراءة المقالات وبدّل الفهرس')
  .setDescriptionLocalizations(inEnglish('Re-read the corpus folder and swap in the new index (Manage Server)'))
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

/**
 * Builds a new engine while the current one keeps answering, then swaps it in — here, or with
 * shards on the shard that writes the index (ctx.reindex), every shard then loading it.
 */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const started = performance.now();
  const texts = textsFor(chooseLanguage(ctx.config.discord.language));
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (ctx.reindexing) {
    await interaction.editReply(formatNotice(texts.reindexBusy));
    return;
  }
  const outcome = await ctx.reindex();
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  await interaction.editReply(formatNotice(outcomeText(outcome, texts, seconds)));
  logQuestion(ctx, 'reindex', interaction.user.id, started, outcome.status === 'failed' ? 'error' : outcome.status);
}

function outcomeText(outcome: ReindexOutcome, texts: InterfaceText, seconds: number): string {
  switch (outcome.status) {
    case 'reindexed':
      return texts.reindexDone(outcome.articles, outcome.chunks, seconds);
    case 'stale':
      return texts.reindexStale(outcome.why);
    case 'busy':
      return texts.reindexBusy;
    case 'stopped':
      return texts.reindexStopped;
    case 'failed':
      return texts.reindexFailed;
  }
}
