// `@bot <question>` in a channel: the answer comes as a reply. In a thread, a follow-up with few
// content words ("ومتى حدث ذلك؟") is asked together with the thread's question — the last one that
// stood on its own, so follow-ups never pile up on each other.

import type { Message } from 'discord.js';
import { followUpQuestion, leansOnPrevious } from '../answering/index.ts';
import { answerQuestion } from './answer-flow.ts';
import type { BotContext } from './context.ts';
import { formatNotice } from './format.ts';
import { chooseLanguage, textsFor, type Language } from './language.ts';
import { logQuestion } from './reply-flow.ts';

/** The question with the mentions of the bot (user or managed role) taken out. */
export function questionFromMention(content: string, botUserId: string, botRoleIds: readonly string[]): string {
  let text = content.replace(new RegExp(`<@!?${botUserId}>`, 'g'), ' ');
  for (const role of botRoleIds) text = text.split(`<@&${role}>`).join(' ');
  return text.replace(/\s+/g, ' ').trim();
}

export function inAllowedChannel(message: Message, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  if (allowed.includes(message.channelId)) return true;
  return message.channel.isThread() && message.channel.parentId !== null && allowed.includes(message.channel.parentId);
}

export async function handleMention(message: Message, ctx: BotContext): Promise<void> {
  const me = message.client.user;
  if (message.author.bot || message.system || !message.inGuild()) return;
  const botRoles = message.mentions.roles.filter((role) => role.tags?.botId === me.id).map((role) => role.id);
  if (!message.mentions.users.has(me.id) && botRoles.length === 0) return;
  if (!inAllowedChannel(message, ctx.config.discord.allowedChannelIds)) return;

  const started = performance.now();
  const asked = questionFromMention(message.content, me.id, botRoles);
  const language: Language = chooseLanguage(ctx.config.discord.language, asked);
  const texts = textsFor(language);
  if (!asked) {
    // Without the Message Content intent, Discord blanks messages that mention only the bot's role.
    await message.reply(formatNotice(message.mentions.users.has(me.id) ? texts.mentionHint : texts.roleMentionHint));
    return;
  }
  const decision = ctx.rateLimiter.take(message.author.id);
  if (!decision.allowed) {
    await message.reply(formatNotice(texts.rateLimited(decision.retryAfterSeconds)));
    logQuestion(ctx, 'mention', message.author.id, started, 'rate_limited');
    return;
  }

  const threadId = message.channel.isThread() ? message.channelId : null;
  const previous = threadId ? ctx.threadQuestions.get(threadId) : undefined;
  const leaning = previous !== undefined && leansOnPrevious(asked);
  const question = leaning ? followUpQuestion(previous, asked) : asked;
  try {
    const engine = ctx.engine();
    // Discord shows the question above the reply; only a question joined to the previous one is spelled out.
    const title = leaning ? texts.askedAs(`${previous} ${asked}`) : null;
    const result = await ctx.engineSlots.run(() => answerQuestion(ctx, engine, { question, language, private: false, title }));
    if (threadId && !leaning) ctx.threadQuestions.set(threadId, asked);
    await message.reply(result.message);
    logQuestion(ctx, leaning ? 'mention_follow_up' : 'mention', message.author.id, started, result.status);
  } catch (error) {
    logQuestion(ctx, 'mention', message.author.id, started, 'error', error);
    await message.reply(formatNotice(texts.apology)).catch((e: unknown) => ctx.logger.warn({ err: e }, 'could not send the apology'));
  }
}
