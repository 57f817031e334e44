// Checks every line a message shows, as a reader on any surface would meet it: each Arabic line is
// wrapped right-to-left whole (RLM + RLI … PDI after its markdown prefix), Latin inside it (a command
// name, a name, an address) isolated left to right, isolates are balanced on every line, and no
// embedding or override control (the user's) got through.

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

/** The text of a wrapped line's body outside left-to-right isolates and link targets. */
function outsideLeftToRightIsolates(body: string): string {
  return body.replace(/\u2066[^\u2069]*\u2069/g, '').replace(/\]\([^)]*\)/g, ']');
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
      const wrapped = body.startsWith('\u200F\u2067') && body.endsWith('\u2069');
      if (isArabicLine(body) && !wrapped) problems.push(`Arabic line not wrapped: ${JSON.stringify(line)}`);
      // Inside a right-to-left line, Latin (a command's slash with it) is drawn in the right order only when isolated.
      if (wrapped && /\p{Script=Latin}/u.test(outsideLeftToRightIsolates(body.slice(2, -1))))
        problems.push(`Latin not isolated in a right-to-left line: ${JSON.stringify(line)}`);
    }
  }
  return problems;
}
