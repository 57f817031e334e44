// Checks every line a message shows, as a reader on any surface would meet it: each Arabic line is
// wrapped right-to-left whole (RLM + RLI … PDI after its markdown prefix), isolates are balanced on
// every line, and no embedding or override control (the user's) got through.

const ARABIC = /[\u0600-\u06FF]/gu;
const LATIN = /\p{Script=Latin}/gu;

export interface MessageLike {
  content?: string | null;
  embeds?: Array<{
    title?: string;
    description?: string;
    footer?: { text: string };
    author?: { name: string };
    fields?: Array<{ name: string; value: string }>;
  }>;
}

/** Every text a message shows: content, titles, descriptions, field names and values, footers. */
export function textsOf(message: MessageLike): string[] {
  return [
    message.content ?? '',
    ...(message.embeds ?? []).flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      e.footer?.text ?? '',
      e.author?.name ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ].filter((t) => t !== '');
}

function isArabicLine(line: string): boolean {
  const first = /\p{L}/u.exec(line.replace(/[\u2066-\u2068][^\u2069]*\u2069/g, ''))?.[0];
  if (first !== undefined && /[\u0600-\u06FF]/u.test(first)) return true;
  const arabic = line.match(ARABIC)?.length ?? 0;
  return arabic > 0 && arabic >= (line.match(LATIN)?.length ?? 0);
}

/** The lines of `message` that break the direction rules, with why. */
export function directionProblems(message: MessageLike): string[] {
  const problems: string[] = [];
  for (const text of textsOf(message)) {
    for (const line of text.split('\n')) {
      if (/[\u202A-\u202E]/.test(line)) problems.push(`embedding or override control: ${JSON.stringify(line)}`);
      let depth = 0;
      for (const ch of line) {
        if (/[\u2066-\u2068]/.test(ch)) depth++;
        else if (ch === '\u2069' && --depth < 0) break;
      }
      if (depth !== 0) problems.push(`unbalanced isolates: ${JSON.stringify(line)}`);
      const body = line.replace(/^(?:> )?(?:-# )?(?:• )?/, '');
      if (isArabicLine(body) && !(body.startsWith('\u200F\u2067') && body.endsWith('\u2069')))
        problems.push(`Arabic line not wrapped: ${JSON.stringify(line)}`);
    }
  }
  return problems;
}
