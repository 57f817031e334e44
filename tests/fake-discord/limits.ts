// Discord's payload limits, checked by the fake on everything the bot sends.
// A request breaking one is answered 400 / code 50035 "Invalid Form Body", like Discord does.
// Lengths are counted in UTF-16 code units (String#length), the stricter of the two plausible
// counts; for Arabic text (all in the BMP) it is the same as counting characters.

import { DISCORD_LOCALES } from './objects.ts';

export interface Problem {
  /** Path of the offending field in the request body, e.g. `embeds[0].fields[3].value`. */
  field: string;
  /** Short rule name, e.g. `max_length`, `max_items`, `required`, `total_embed_chars`. */
  rule: string;
  /** The limit broken (0 when not numeric). */
  limit: number;
  /** The size found (0 when not numeric). */
  actual: number;
  /** Discord-like error code string (BASE_TYPE_MAX_LENGTH, ...) */
  code: string;
  message: string;
}

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedAuthorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowButtons: 5,
  customId: 100,
  buttonLabel: 80,
  buttonUrl: 512,
  selectOptions: 25,
  selectText: 100,
  selectPlaceholder: 150,
  componentsV2Total: 40,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  files: 10,
  threadName: 100,
  modalTitle: 45,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
} as const;

const IS_COMPONENTS_V2 = 1 << 15;

class Collector {
  readonly problems: Problem[] = [];

  maxLen(field: string, value: unknown, limit: number): void {
    if (typeof value === 'string' && value.length > limit) {
      this.problems.push({
        field,
        rule: 'max_length',
        limit,
        actual: value.length,
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${limit} or fewer in length.`,
      });
    }
  }

  lenRange(field: string, value: unknown, min: number, max: number): void {
    if (typeof value !== 'string') {
      this.problems.push({ field, rule: 'required', limit: min, actual: 0, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
      return;
    }
    if (value.length < min || value.length > max) {
      this.problems.push({
        field,
        rule: value.length < min ? 'min_length' : 'max_length',
        limit: value.length < min ? min : max,
        actual: value.length,
        code: 'BASE_TYPE_BAD_LENGTH',
        message: `Must be between ${min} and ${max} in length.`,
      });
    }
  }

  maxItems(field: string, value: unknown, limit: number): void {
    if (Array.isArray(value) && value.length > limit) {
      this.problems.push({
        field,
        rule: 'max_items',
        limit,
        actual: value.length,
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${limit} or fewer in length.`,
      });
    }
  }

  required(field: string, value: unknown): void {
    if (value === undefined || value === null || value === '') {
      this.problems.push({ field, rule: 'required', limit: 0, actual: 0, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    }
  }

  url(field: string, value: unknown, schemes: string[]): void {
    if (value === undefined || value === null) return;
    let ok = false;
    if (typeof value === 'string') {
      try {
        ok = schemes.includes(new URL(value).protocol);
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      this.problems.push({
        field,
        rule: 'url',
        limit: 0,
        actual: 0,
        code: 'URL_TYPE_INVALID_URL',
        message: `Not a well formed URL (scheme must be one of ${schemes.join(', ')}).`,
      });
    }
  }

  other(field: string, rule: string, code: string, message: string, limit = 0, actual = 0): void {
    this.problems.push({ field, rule, limit, actual, code, message });
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function checkEmbeds(c: Collector, embeds: unknown): void {
  if (!Array.isArray(embeds)) return;
  c.maxItems('embeds', embeds, LIMITS.embeds);
  let total = 0;
  embeds.forEach((raw, i) => {
    if (!isObj(raw)) return;
    const p = `embeds[${i}]`;
    c.maxLen(`${p}.title`, raw.title, LIMITS.embedTitle);
    c.maxLen(`${p}.description`, raw.description, LIMITS.embedDescription);
    c.url(`${p}.url`, raw.url, ['http:', 'https:']);
    total += str(raw.title).length + str(raw.description).length;
    if (isObj(raw.footer)) {
      c.maxLen(`${p}.footer.text`, raw.footer.text, LIMITS.embedFooter);
      c.required(`${p}.footer.text`, raw.footer.text);
      total += str(raw.footer.text).length;
    }
    if (isObj(raw.author)) {
      c.maxLen(`${p}.author.name`, raw.author.name, LIMITS.embedAuthorName);
      c.required(`${p}.author.name`, raw.author.name);
      c.url(`${p}.author.url`, raw.author.url, ['http:', 'https:']);
      total += str(raw.author.name).length;
    }
    for (const k of ['image', 'thumbnail'] as const) {
      const media = raw[k];
      if (isObj(media)) c.url(`${p}.${k}.url`, media.url, ['http:', 'https:', 'attachment:']);
    }
    if (Array.isArray(raw.fields)) {
      c.maxItems(`${p}.fields`, raw.fields, LIMITS.embedFields);
      raw.fields.forEach((f, j) => {
        if (!isObj(f)) return;
        c.required(`${p}.fields[${j}].name`, f.name);
        c.required(`${p}.fields[${j}].value`, f.value);
        c.maxLen(`${p}.fields[${j}].name`, f.name, LIMITS.embedFieldName);
        c.maxLen(`${p}.fields[${j}].value`, f.value, LIMITS.embedFieldValue);
        total += str(f.name).length + str(f.value).length;
      });
    }
  });
  if (total > LIMITS.embedTotal) {
    c.other(
      'embeds',
      'total_embed_chars',
      'MAX_EMBED_SIZE_EXCEEDED',
      `Embed size exceeds maximum size of ${LIMITS.embedTotal}`,
      LIMITS.embedTotal,
      total,
    );
  }
}

function checkInteractive(c: Collector, comp: Record<string, unknown>, p: string, ids: Map<string, string>): void {
  const type = comp.type;
  if (typeof comp.custom_id === 'string') {
    c.maxLen(`${p}.custom_id`, comp.custom_id, LIMITS.customId);
    const seen = ids.get(comp.custom_id);
    if (seen) {
      c.other(
        `${p}.custom_id`,
        'duplicate_custom_id',
        'COMPONENT_CUSTOM_ID_DUPLICATED',
        `Component custom id cannot be duplicated (also at ${seen})`,
      );
    } else {
      ids.set(comp.custom_id, p);
    }
  }
  if (type === 2) {
    c.maxLen(`${p}.label`, comp.label, LIMITS.buttonLabel);
    const style = comp.style;
    if (style === 5) {
      c.required(`${p}.url`, comp.url);
      c.maxLen(`${p}.url`, comp.url, LIMITS.buttonUrl);
      c.url(`${p}.url`, comp.url, ['http:', 'https:', 'discord:']);
      if (comp.custom_id !== undefined)
        c.other(`${p}.custom_id`, 'link_button_custom_id', 'COMPONENT_INVALID', 'Link buttons cannot have a custom_id');
    } else if (style !== 6) {
      c.required(`${p}.custom_id`, comp.custom_id);
    }
    if (comp.label === undefined && comp.emoji === undefined) {
      c.other(`${p}`, 'button_label_or_emoji', 'BASE_TYPE_REQUIRED', 'A button needs a label or an emoji');
    }
  } else if (type === 3 || type === 5 || type === 6 || type === 7 || type === 8) {
    c.required(`${p}.custom_id`, comp.custom_id);
    c.maxLen(`${p}.placeholder`, comp.placeholder, LIMITS.selectPlaceholder);
    if (type === 3) {
      c.maxItems(`${p}.options`, comp.options, LIMITS.selectOptions);
      if (Array.isArray(comp.options)) {
        comp.options.forEach((o, k) => {
          if (!isObj(o)) return;
          c.lenRange(`${p}.options[${k}].label`, o.label, 1, LIMITS.selectText);
          c.lenRange(`${p}.options[${k}].value`, o.value, 1, LIMITS.selectText);
          c.maxLen(`${p}.options[${k}].description`, o.description, LIMITS.selectText);
        });
      }
    }
  }
}

function checkComponents(c: Collector, components: unknown, flags: number): void {
  if (!Array.isArray(components)) return;
  const ids = new Map<string, string>();
  if (flags & IS_COMPONENTS_V2) {
    let count = 0;
    const walk = (list: unknown[], path: string): void => {
      list.forEach((comp, i) => {
        if (!isObj(comp)) return;
        count++;
        const p = `${path}[${i}]`;
        checkInteractive(c, comp, p, ids);
        if (Array.isArray(comp.components)) walk(comp.components, `${p}.components`);
        if (isObj(comp.accessory)) {
          count++;
          checkInteractive(c, comp.accessory, `${p}.accessory`, ids);
        }
      });
    };
    walk(components, 'components');
    if (count > LIMITS.componentsV2Total) {
      c.other(
        'components',
        'max_total_components',
        'BASE_TYPE_MAX_LENGTH',
        `Must be ${LIMITS.componentsV2Total} or fewer components in total`,
        LIMITS.componentsV2Total,
        count,
      );
    }
    return;
  }
  c.maxItems('components', components, LIMITS.actionRows);
  components.forEach((row, i) => {
    const p = `components[${i}]`;
    if (!isObj(row) || row.type !== 1) {
      c.other(
        `${p}.type`,
        'top_level_action_row',
        'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        'Top-level components must be action rows (type 1) unless IS_COMPONENTS_V2 is set',
      );
      return;
    }
    const children = Array.isArray(row.components) ? row.components : [];
    if (children.length === 0) c.other(`${p}.components`, 'required', 'BASE_TYPE_REQUIRED', 'An action row needs at least one component');
    c.maxItems(`${p}.components`, children, LIMITS.rowButtons);
    const hasSelect = children.some((ch) => isObj(ch) && ch.type !== 2);
    if (hasSelect && children.length > 1) {
      c.other(
        `${p}.components`,
        'select_alone',
        'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        'A select menu must be alone in its action row',
        1,
        children.length,
      );
    }
    children.forEach((ch, j) => {
      if (isObj(ch)) checkInteractive(c, ch, `${p}.components[${j}]`, ids);
    });
  });
}

function checkAllowedMentions(c: Collector, am: unknown): void {
  if (!isObj(am)) return;
  const parse = Array.isArray(am.parse) ? am.parse : [];
  for (const kind of ['users', 'roles'] as const) {
    const list = am[kind];
    if (parse.includes(kind) && Array.isArray(list) && list.length > 0) {
      c.other(
        `allowed_mentions.${kind}`,
        'mutually_exclusive',
        'ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        `parse:["${kind}"] and ${kind}: [ids] are mutually exclusive`,
      );
    }
    c.maxItems(`allowed_mentions.${kind}`, list, 100);
  }
}

export interface MessageCheckOptions {
  /** A new message must not be empty (content, embeds, components, files, stickers or poll). */
  requireNonEmpty?: boolean;
  /** Number of files attached in the multipart body. */
  fileCount?: number;
}

/** Checks a message create/edit payload (channel messages, webhook messages, callback types 4 and 7). */
export function checkMessagePayload(body: unknown, opts: MessageCheckOptions = {}): Problem[] {
  const c = new Collector();
  if (!isObj(body)) {
    if (opts.requireNonEmpty) c.other('', 'empty_message', '50006', 'Cannot send an empty message');
    return c.problems;
  }
  if (body.content !== undefined && body.content !== null && typeof body.content !== 'string') {
    c.other('content', 'type', 'BASE_TYPE_STRING', 'Must be a string');
  }
  c.maxLen('content', body.content, LIMITS.content);
  checkEmbeds(c, body.embeds);
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  checkComponents(c, body.components, flags);
  checkAllowedMentions(c, body.allowed_mentions);
  if ((opts.fileCount ?? 0) > LIMITS.files) {
    c.other('files', 'max_items', 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.files} or fewer files`, LIMITS.files, opts.fileCount ?? 0);
  }
  if (opts.requireNonEmpty) {
    const hasContent = typeof body.content === 'string' && body.content.trim().length > 0;
    const hasEmbeds = Array.isArray(body.embeds) && body.embeds.length > 0;
    const hasComponents = Array.isArray(body.components) && body.components.length > 0;
    const hasStickers = Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0;
    const hasFiles = (opts.fileCount ?? 0) > 0;
    if (!hasContent && !hasEmbeds && !hasComponents && !hasStickers && !hasFiles && !body.poll) {
      c.other('', 'empty_message', '50006', 'Cannot send an empty message');
    }
  }
  return c.problems;
}

/** Checks an autocomplete result (callback type 8 `data`). */
export function checkAutocomplete(data: unknown): Problem[] {
  const c = new Collector();
  if (!isObj(data) || !Array.isArray(data.choices)) {
    c.other('data.choices', 'required', 'BASE_TYPE_REQUIRED', 'This field is required');
    return c.problems;
  }
  c.maxItems('data.choices', data.choices, LIMITS.autocompleteChoices);
  data.choices.forEach((ch, i) => {
    if (!isObj(ch)) return;
    c.lenRange(`data.choices[${i}].name`, ch.name, 1, LIMITS.choiceName);
    if (typeof ch.value === 'string') c.maxLen(`data.choices[${i}].value`, ch.value, LIMITS.choiceValue);
    else if (typeof ch.value !== 'number') c.other(`data.choices[${i}].value`, 'required', 'BASE_TYPE_REQUIRED', 'This field is required');
    checkLocalizations(c, `data.choices[${i}].name_localizations`, ch.name_localizations, 1, LIMITS.choiceName);
  });
  return c.problems;
}

/** Checks a modal (callback type 9 `data`). */
export function checkModal(data: unknown): Problem[] {
  const c = new Collector();
  if (!isObj(data)) {
    c.other('data', 'required', 'BASE_TYPE_REQUIRED', 'This field is required');
    return c.problems;
  }
  c.lenRange('data.title', data.title, 1, LIMITS.modalTitle);
  c.lenRange('data.custom_id', data.custom_id, 1, LIMITS.customId);
  c.maxItems('data.components', data.components, 5);
  return c.problems;
}

export function checkThreadName(name: unknown): Problem[] {
  const c = new Collector();
  c.lenRange('name', name, 1, LIMITS.threadName);
  return c.problems;
}

function checkLocalizations(c: Collector, field: string, loc: unknown, min: number, max: number): void {
  if (!isObj(loc)) return;
  for (const [locale, value] of Object.entries(loc)) {
    if (!DISCORD_LOCALES.has(locale)) {
      c.other(`${field}.${locale}`, 'invalid_locale', 'LOCALE_INVALID', `Invalid Locale "${locale}" (Discord has no such locale)`);
    }
    if (value !== null) c.lenRange(`${field}.${locale}`, value, min, max);
  }
}

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkName(c: Collector, field: string, name: unknown, chatInput: boolean): void {
  c.lenRange(field, name, 1, LIMITS.commandName);
  if (typeof name === 'string' && chatInput) {
    if (!NAME_RE.test(name)) c.other(field, 'name_pattern', 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    else if (name !== name.toLowerCase())
      c.other(field, 'name_lowercase', 'APPLICATION_COMMAND_INVALID_NAME', 'Command name must be lowercase');
  }
}

function checkOptions(c: Collector, path: string, options: unknown): void {
  if (!Array.isArray(options)) return;
  c.maxItems(path, options, LIMITS.commandOptions);
  let sawOptional = false;
  const names = new Set<string>();
  options.forEach((o, i) => {
    if (!isObj(o)) return;
    const p = `${path}[${i}]`;
    checkName(c, `${p}.name`, o.name, true);
    if (typeof o.name === 'string') {
      if (names.has(o.name))
        c.other(`${p}.name`, 'duplicate_name', 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
      names.add(o.name);
    }
    c.lenRange(`${p}.description`, o.description, 1, LIMITS.commandDescription);
    checkLocalizations(c, `${p}.name_localizations`, o.name_localizations, 1, LIMITS.commandName);
    checkLocalizations(c, `${p}.description_localizations`, o.description_localizations, 1, LIMITS.commandDescription);
    const isSub = o.type === 1 || o.type === 2;
    if (!isSub) {
      if (o.required) {
        if (sawOptional)
          c.other(
            `${p}.required`,
            'required_first',
            'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
            'Required options must be placed before non-required options',
          );
      } else {
        sawOptional = true;
      }
    }
    if (Array.isArray(o.choices)) {
      c.maxItems(`${p}.choices`, o.choices, 25);
      if (o.autocomplete)
        c.other(
          `${p}.autocomplete`,
          'choices_and_autocomplete',
          'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_CHOICES',
          'Autocomplete cannot be set with choices',
        );
      o.choices.forEach((ch, k) => {
        if (!isObj(ch)) return;
        c.lenRange(`${p}.choices[${k}].name`, ch.name, 1, LIMITS.choiceName);
        if (typeof ch.value === 'string') c.maxLen(`${p}.choices[${k}].value`, ch.value, LIMITS.choiceValue);
        checkLocalizations(c, `${p}.choices[${k}].name_localizations`, ch.name_localizations, 1, LIMITS.choiceName);
      });
    }
    if (isSub) checkOptions(c, `${p}.options`, o.options);
  });
}

/** Checks a bulk-overwrite body for `PUT /applications/{app}(/guilds/{guild})/commands`. */
export function checkCommands(body: unknown): Problem[] {
  const c = new Collector();
  if (!Array.isArray(body)) {
    c.other('', 'type', 'BASE_TYPE_ARRAY', 'Must be an array');
    return c.problems;
  }
  c.maxItems('', body, 100);
  const seen = new Set<string>();
  body.forEach((cmd, i) => {
    if (!isObj(cmd)) return;
    const p = `[${i}]`;
    const type = typeof cmd.type === 'number' ? cmd.type : 1;
    checkName(c, `${p}.name`, cmd.name, type === 1);
    const key = `${type}:${String(cmd.name)}`;
    if (seen.has(key))
      c.other(`${p}.name`, 'duplicate_name', 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
    seen.add(key);
    if (type === 1) c.lenRange(`${p}.description`, cmd.description, 1, LIMITS.commandDescription);
    checkLocalizations(c, `${p}.name_localizations`, cmd.name_localizations, 1, LIMITS.commandName);
    checkLocalizations(c, `${p}.description_localizations`, cmd.description_localizations, 1, LIMITS.commandDescription);
    checkOptions(c, `${p}.options`, cmd.options);
  });
  return c.problems;
}

/** Discord's error body for a 50035 "Invalid Form Body" answer. */
export function invalidFormBody(problems: Problem[]): { code: number; message: string; errors: Record<string, unknown> } {
  const errors: Record<string, unknown> = {};
  for (const p of problems) {
    if (p.code === '50006') continue;
    // Build the nested {a: {0: {b: {_errors: [...]}}}} shape Discord uses.
    const parts = p.field
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .filter(Boolean);
    let node = errors;
    for (const part of parts) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    const list = (node._errors ??= []) as unknown[];
    list.push({ code: p.code, message: p.message });
  }
  return { code: 50035, message: 'Invalid Form Body', errors };
}
