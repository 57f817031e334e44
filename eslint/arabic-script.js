// One place for every Arabic script rule: outside src/arabic, no regular expression may name
// Arabic characters by range or class (/[\u0600-\u06FF]/, /[،؛؟]/, \p{Script=Arabic}) and no
// code may hold a table of Arabic code points (0x0621, 0x06F0 …). Such a rule belongs in
// src/arabic, behind a function the other stages call. Words written in Arabic (a question word,
// a label) are text, not a script rule, and stay where they are used.

/** The Arabic blocks: Arabic, Arabic Supplement, Arabic Extended-A, the presentation forms (not U+FEFF, the byte-order mark). */
const ARABIC_RANGES = [
  [0x0600, 0x06ff],
  [0x0750, 0x077f],
  [0x08a0, 0x08ff],
  [0xfb50, 0xfdff],
  [0xfe70, 0xfefe],
];

function isArabicCodePoint(c) {
  return ARABIC_RANGES.some(([from, to]) => c >= from && c <= to);
}

/** The code points a regular expression's source names inside character classes, literally or by escape. */
function classCodePoints(source) {
  const points = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      const escape = /^\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))/.exec(source.slice(i));
      if (escape) {
        if (inClass) points.push(parseInt(escape[1] ?? escape[2] ?? escape[3], 16));
        i += escape[0].length - 1;
      } else {
        i++;
      }
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (inClass) points.push(ch.codePointAt(0));
  }
  return points;
}

/** Why `source` (a regular expression) is an Arabic script rule, or null. */
function arabicRule(source) {
  if (/\\[pP]\{(?:Script|sc|Script_Extensions|scx)=(?:Arabic|Arab)\}/.test(source)) return 'names the Arabic script';
  if (classCodePoints(source).some(isArabicCodePoint)) return 'has Arabic characters in a character class';
  return null;
}

const MESSAGE = 'Arabic script rule outside src/arabic ({{why}}): move it into src/arabic and call it from there';

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Arabic ranges, character classes and code point tables live only in src/arabic' },
    schema: [],
  },
  create(context) {
    const report = (node, why) => context.report({ node, message: MESSAGE.replace('{{why}}', why) });
    const checkSource = (node, source) => {
      const why = typeof source === 'string' ? arabicRule(source) : null;
      if (why) report(node, why);
    };
    const isRegExpCall = (node) => node.callee.type === 'Identifier' && node.callee.name === 'RegExp';
    return {
      Literal(node) {
        if (node.regex) checkSource(node, node.regex.pattern);
        else if (typeof node.value === 'number' && /^0x/i.test(node.raw) && isArabicCodePoint(node.value))
          report(node, `code point ${node.raw}`);
      },
      'NewExpression, CallExpression'(node) {
        if (!isRegExpCall(node)) return;
        const [pattern] = node.arguments;
        if (pattern?.type === 'Literal') checkSource(pattern, pattern.value);
        else if (pattern?.type === 'TemplateLiteral') checkSource(pattern, pattern.quasis.map((q) => q.value.raw).join(''));
      },
    };
  },
};
