// The one way a question is answered on Discord, for /ask, @mentions and "more quotes": a
// question in a Latin-script language is told honestly that the articles are Arabic, citations
// are numbered per question (an article keeps its number in every continuation), and the answer
// is remembered for its buttons.

import type { Quote } from '../answering/index.ts';
import type { ArticleFilter } from '../retrieval/index.ts';
import type { Engine } from '../engine/index.ts';
import { answerButtons } from './button-rows.ts';
import { CitationNumbers } from './citations.ts';
import type { BotContext } from './context.ts';
import type { RememberedAnswer } from './answer-memory.ts';
import { formatAnswer, formatLatinQuestion } from './format.ts';
import { textsFor, type Language } from './language.ts';
import type { EngineResult } from './reply-flow.ts';

export interface AskedQuestion {
  /** What the engine is asked (for a thread follow-up, joined to the previous question). */
  question: string;
  language: Language;
  /** Whether only the asker sees the answer (its continuations are private too). */
  private: boolean;
  /** The embed title: the question by default; null for none (a reply already shows the question). */
  title?: string | null;
  /** Only the articles of these dates and outlet (slash command options). */
  filter?: ArticleFilter;
}

export async function answerQuestion(ctx: BotContext, engine: Engine, asked: AskedQuestion): Promise<EngineResult> {
  const { question, language } = asked;
  const options = { language, articlesSearched: engine.articleCount, title: asked.title };
  const script = engine.questionScript(question);
  if (script === 'unmatchable') return { message: formatLatinQuestion(question, options), status: 'latin_question' };
  const answer = await engine.ask(question, { filter: asked.filter });
  const citations = new CitationNumbers();
  const formatted = formatAnswer(citations.renumber(answer), {
    ...options,
    note: script === 'foreign' ? textsFor(language).latinQuestionAnswered : undefined,
  });
  const { embeds, allowedMentions, shown } = formatted;
  const key = ctx.answers.remember({
    question,
    language,
    private: asked.private,
    shown,
    displayed: shown,
    citations: citations.entries(),
    filter: asked.filter,
  });
  const more =
    answer.status === 'not_found' ? 'hidden' : (await hasMoreQuotes(engine, question, shown, asked.filter)) ? 'enabled' : 'disabled';
  const components = [answerButtons(key, language, more)];
  return { message: { embeds, allowedMentions, components }, status: answer.status };
}

/** Whether "more quotes" would find any quote beyond those `shown`: the button is enabled only then. */
async function hasMoreQuotes(
  engine: Engine,
  question: string,
  shown: readonly Quote[],
  filter: ArticleFilter | undefined,
): Promise<boolean> {
  const answer = await engine.ask(question, { exclude: excluded(shown), filter });
  return answer.status !== 'not_found' && answer.quotes.length > 0;
}

function excluded(shown: readonly Quote[]): Array<{ articleId: string; start: number; end: number }> {
  return shown.map(({ articleId, start, end }) => ({ articleId, start, end }));
}

/**
 * The next quotes for a remembered answer, as a new message saying it continues the answer, styled
 * as further passages (the answer was the first message), its button disabled when nothing is
 * left after them; null when the engine has nothing more.
 */
export async function continueAnswer(
  ctx: BotContext,
  engine: Engine,
  key: string,
  remembered: RememberedAnswer,
): Promise<EngineResult | null> {
  const { question, language } = remembered;
  const answer = await engine.ask(question, { exclude: excluded(remembered.shown), filter: remembered.filter });
  if (answer.status === 'not_found' || answer.quotes.length === 0) return null;
  const citations = new CitationNumbers(remembered.citations);
  const formatted = formatAnswer(citations.renumber(answer), {
    language,
    articlesSearched: engine.articleCount,
    title: textsFor(language).continuation(question),
    continuation: true,
  });
  const shown = [...remembered.shown, ...formatted.shown];
  ctx.answers.update(key, { ...remembered, shown, displayed: formatted.shown, citations: citations.entries() });
  const more = (await hasMoreQuotes(engine, question, shown, remembered.filter)) ? 'enabled' : 'disabled';
  const { embeds, allowedMentions } = formatted;
  return { message: { embeds, allowedMentions, components: [answerButtons(key, language, more)] }, status: answer.status };
}
