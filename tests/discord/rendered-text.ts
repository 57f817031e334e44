/**
 * Visible text of a rendered excerpt: without block-quote and small-text markers, bold markers,
 * escapes and invisible direction helpers.
 */
export function visibleText(rendered: string): string {
  return rendered
    .split('\n')
    .map((l) => l.replace(/^> (-# )?/, ''))
    .join('\n')
    .replace(/[\u200B\u200F\u2066\u2067\u2069]/g, '')
    .replace(/(?<!\\)\*\*/g, '')
    .replace(/\\([^\p{L}\p{N}\s])/gu, '$1');
}
