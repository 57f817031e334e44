// The life of a question on Discord: rate limit, acknowledge at once, then wait for an engine
// slot and run the engine, then answer; a failure is logged and the user gets a short apology.

import {
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type MessageMentionOptions,
} from 'discord.js';
import type { Engine } from '../engine/index.ts';
import type { BotContext } from './context.ts';
import { formatNotice } from './format.ts';
import { textsFor, type Language } from './language.ts';

/** A message to send or an edit to make (an edit may change only the components). */
export interface ReplyMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: MessageMentionOptions;
}

export interface EngineResult {
  message: ReplyMessage;
  /** For the log: answered, not_found, passages, summary, no_article, ... */
  status: string;
  /** For a button: send the message as a new one under the clicked message, instead of editing it. */
  followUp?: { ephemeral: boolean };
}

export interface QuestionOptions {
  command: string;
  language: Language;
  ephemeral: boolean;
  work: (engine: Engine) => Promise<EngineResult>;
}

/** Slash command: reply in a new (deferred) message. */
export async function answerCommand(interaction: ChatInputCommandInteraction, ctx: BotContext, options: QuestionOptions): Promise<void> {
  const started = performance.now();
  const texts = textsFor(options.language);
  if (!(await admitted(interaction, ctx, options.command, options.language, started))) return;
  await interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  try {
    const result = await ctx.engineSlots.run(() => options.work(ctx.engine()));
    await interaction.editReply({ ...result.message, components: result.message.components ?? [] });
    logQuestion(ctx, options.command, interaction.user.id, started, result.status);
  } catch (error) {
    logQuestion(ctx, options.command, interaction.user.id, started, 'error', error);
    await interaction
      .editReply({ ...formatNotice(texts.apology), components: [] })
      .catch((e: unknown) => ctx.logger.warn({ err: e }, 'could not send the apology'));
  }
}

/** Button: acknowledge without changing the message, then edit it in place, or add a follow-up message. */
export async function answerButton(
  interaction: ButtonInteraction,
  ctx: BotContext,
  options: Omit<QuestionOptions, 'ephemeral'>,
): Promise<void> {
  const started = performance.now();
  const texts = textsFor(options.language);
  if (!(await admitted(interaction, ctx, options.command, options.language, started))) return;
  await interaction.deferUpdate();
  try {
    const result = await ctx.engineSlots.run(() => options.work(ctx.engine()));
    if (result.followUp)
      await interaction.followUp({ ...result.message, flags: result.followUp.ephemeral ? MessageFlags.Ephemeral : undefined });
    else await interaction.editReply(result.message);
    logQuestion(ctx, options.command, interaction.user.id, started, result.status);
  } catch (error) {
    logQuestion(ctx, options.command, interaction.user.id, started, 'error', error);
    await interaction
      .followUp({ ...formatNotice(texts.apology), flags: MessageFlags.Ephemeral })
      .catch((e: unknown) => ctx.logger.warn({ err: e }, 'could not send the apology'));
  }
}

/** Applies the per-user rate limit; when exceeded, says so privately (that reply is the acknowledgement). */
async function admitted(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  ctx: BotContext,
  command: string,
  language: Language,
  started: number,
): Promise<boolean> {
  const decision = ctx.rateLimiter.take(interaction.user.id);
  if (decision.allowed) return true;
  await replyNotice(interaction, textsFor(language).rateLimited(decision.retryAfterSeconds));
  logQuestion(ctx, command, interaction.user.id, started, 'rate_limited');
  return false;
}

export function logQuestion(ctx: BotContext, command: string, userId: string, started: number, status: string, error?: unknown): void {
  const entry = { command, latencyMs: Math.round(performance.now() - started), status, user: ctx.hashUser(userId) };
  if (error === undefined) ctx.logger.info(entry, 'question');
  else ctx.logger.error({ ...entry, err: error }, 'question failed');
}

/** A private notice as the acknowledgement (bad options, unknown command, ...). */
export async function replyNotice(interaction: ChatInputCommandInteraction | ButtonInteraction, text: string): Promise<void> {
  await interaction.reply({ ...formatNotice(text), flags: MessageFlags.Ephemeral });
}
