import type { Answer } from './types.ts';

/**
 * One short Arabic line saying why a reply is not `answered` when a specific term of the question
 * is missing from the articles or contradicted by the closest passage; undefined otherwise. Shared
 * by the CLI and Discord.
 */
export function missingTermsNote(answer: Pick<Answer, 'status' | 'missingTerms'>): string | undefined {
  if (answer.status === 'answered' || answer.missingTerms.length === 0) return undefined;
  const terms = answer.missingTerms.map((t) => `«${t}»`).join(' و');
  return answer.status === 'uncertain'
    ? `لا تذكر المقالات ${terms} في هذا السياق؛ هذه أقرب المقاطع إلى السؤال.`
    : `لا تذكر المقالات ${terms} في هذا السياق.`;
}

/** The confidence as a whole percentage, as every surface shows it. */
export function confidencePercent(answer: Pick<Answer, 'confidence'>): string {
  return `${Math.round(answer.confidence * 100)}%`;
}
