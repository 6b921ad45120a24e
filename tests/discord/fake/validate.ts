// Discord's validation of what a bot sends, as the fake enforces it: a payload Discord would refuse
// with 50035 "Invalid Form Body" is refused here the same way, so tests fail where Discord would.
// Written from Discord's documented limits, independently of src/discord/format.ts on purpose.

export interface FieldError {
  /** Dotted path as Discord reports it, e.g. "embeds.0.description". */
  path: string;
  code: string;
  message: string;
}

/** Discord counts string lengths in Unicode code points, not UTF-16 units. */
function len(s: unknown): number {
  return typeof s === 'string' ? [...s].length : 0;
}

function maxLength(errors: FieldError[], path: string, value: unknown, max: number): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') errors.push({ path, code: 'BASE_TYPE_STRING', message: 'Must be a string.' });
  else if (len(value) > max)
    errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
}

function required(errors: FieldError[], path: string, value: unknown): boolean {
  if (typeof value === 'string' && value.length > 0) return true;
  errors.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  return false;
}

function wellFormedUrl(errors: FieldError[], path: string, value: unknown): void {
  if (value === undefined || value === null) return;
  try {
    const u = new URL(String(value));
    if (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'attachment:') return;
  } catch {
    /* reported below */
  }
  errors.push({ path, code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' });
}

interface Embed {
  title?: string;
  description?: string;
  url?: string;
  fields?: { name?: string; value?: string }[];
  footer?: { text?: string };
  author?: { name?: string };
}

/** Validates message content, embeds, components and allowed_mentions (create, edit, update). */
export function validateMessage(body: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  maxLength(errors, 'content', body.content, 2000);

  const embeds = (body.embeds ?? []) as Embed[];
  if (!Array.isArray(embeds)) errors.push({ path: 'embeds', code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' });
  else {
    if (embeds.length > 10)
      errors.push({ path: 'embeds', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' });
    let total = 0;
    embeds.forEach((e, i) => {
      const p = `embeds.${i}`;
      maxLength(errors, `${p}.title`, e.title, 256);
      maxLength(errors, `${p}.description`, e.description, 4096);
      wellFormedUrl(errors, `${p}.url`, e.url);
      maxLength(errors, `${p}.footer.text`, e.footer?.text, 2048);
      maxLength(errors, `${p}.author.name`, e.author?.name, 256);
      const fields = e.fields ?? [];
      if (fields.length > 25)
        errors.push({ path: `${p}.fields`, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
      fields.forEach((f, j) => {
        if (required(errors, `${p}.fields.${j}.name`, f.name)) maxLength(errors, `${p}.fields.${j}.name`, f.name, 256);
        if (required(errors, `${p}.fields.${j}.value`, f.value))
          maxLength(errors, `${p}.fields.${j}.value`, f.value, 1024);
      });
      total +=
        len(e.title) +
        len(e.description) +
        len(e.footer?.text) +
        len(e.author?.name) +
        fields.reduce((n, f) => n + len(f.name) + len(f.value), 0);
    });
    if (total > 6000)
      errors.push({
        path: 'embeds',
        code: 'MESSAGE_EMBEDS_TOO_LONG',
        message: 'Embed size exceeds maximum size of 6000',
      });
  }

  const rows = (body.components ?? []) as { type?: number; components?: Record<string, unknown>[] }[];
  if (rows.length > 5)
    errors.push({ path: 'components', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' });
  const customIds = new Set<string>();
  rows.forEach((row, i) => {
    const children = row.components ?? [];
    if (row.type !== 1 || children.length < 1 || children.length > 5) {
      errors.push({
        path: `components.${i}`,
        code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        message: 'An action row needs 1 to 5 components.',
      });
    }
    children.forEach((c, j) => {
      const p = `components.${i}.components.${j}`;
      maxLength(errors, `${p}.label`, c.label, 80);
      if (c.style === 5) wellFormedUrl(errors, `${p}.url`, c.url);
      else if (required(errors, `${p}.custom_id`, c.custom_id)) {
        maxLength(errors, `${p}.custom_id`, c.custom_id, 100);
        if (customIds.has(c.custom_id as string))
          errors.push({
            path: `${p}.custom_id`,
            code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
            message: 'Component custom id cannot be duplicated',
          });
        customIds.add(c.custom_id as string);
      }
    });
  });

  const mentions = body.allowed_mentions as { parse?: unknown } | undefined;
  if (mentions?.parse !== undefined) {
    const parse = mentions.parse;
    if (!Array.isArray(parse) || parse.some((t) => !['users', 'roles', 'everyone'].includes(String(t)))) {
      errors.push({
        path: 'allowed_mentions.parse',
        code: 'BASE_TYPE_CHOICES',
        message: 'Value must be one of users, roles, everyone.',
      });
    }
  }
  return errors;
}

/** Discord refuses to create a message with nothing in it (code 50006, not a form error). */
export function isEmptyMessage(body: Record<string, unknown>): boolean {
  const content = typeof body.content === 'string' ? body.content.trim() : '';
  const embeds = Array.isArray(body.embeds) ? body.embeds.length : 0;
  const components = Array.isArray(body.components) ? body.components.length : 0;
  const attachments = Array.isArray(body.attachments) ? body.attachments.length : 0;
  return !content && !embeds && !components && !attachments;
}

export function validateChoices(choices: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(choices))
    return [{ path: 'data.choices', code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }];
  if (choices.length > 25)
    errors.push({ path: 'data.choices', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  choices.forEach((c: { name?: unknown; value?: unknown }, i) => {
    const p = `data.choices.${i}`;
    if (typeof c.name !== 'string' || len(c.name) < 1 || len(c.name) > 100) {
      errors.push({ path: `${p}.name`, code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
    }
    if (typeof c.value === 'string' && len(c.value) > 100)
      errors.push({ path: `${p}.value`, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
  });
  return errors;
}

const COMMAND_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

/** The checks Discord applies to PUT .../commands that a mistake in a builder could trip. */
export function validateCommands(commands: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(commands)) return [{ path: '', code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }];
  const names = new Set<string>();
  commands.forEach((c: Record<string, unknown>, i) => {
    const name = String(c.name ?? '');
    const type = Number(c.type ?? 1);
    // User and message context-menu commands (types 2, 3): any 1-32 character name, no description, no options.
    if (type === 2 || type === 3) {
      if (len(name) < 1 || len(name) > 32)
        errors.push({
          path: `${i}.name`,
          code: 'BASE_TYPE_BAD_LENGTH',
          message: 'Must be between 1 and 32 in length.',
        });
      if (c.description)
        errors.push({
          path: `${i}.description`,
          code: 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION',
          message: 'Context menu commands cannot have description',
        });
      if (Array.isArray(c.options) && c.options.length)
        errors.push({
          path: `${i}.options`,
          code: 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS',
          message: 'Context menu commands cannot have options',
        });
    } else if (!COMMAND_NAME.test(name) || name !== name.toLowerCase())
      errors.push({ path: `${i}.name`, code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
    // Names are unique per command type: a slash command and a context menu may share one.
    if (names.has(`${type}:${name}`))
      errors.push({
        path: `${i}.name`,
        code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
        message: 'Application command names must be unique',
      });
    names.add(`${type}:${name}`);
    if (type === 2 || type === 3) return;
    if (len(c.description) < 1 || len(c.description) > 100)
      errors.push({
        path: `${i}.description`,
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 100 in length.',
      });
    validateOptions(errors, `${i}`, (c.options ?? []) as Record<string, unknown>[]);
  });
  return errors;
}

/** Options, and the options of subcommands (type 1) and subcommand groups (type 2), all alike. */
function validateOptions(errors: FieldError[], at: string, options: Record<string, unknown>[]): void {
  if (options.length > 25)
    errors.push({ path: `${at}.options`, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  const nested = options.filter((o) => o.type === 1 || o.type === 2).length;
  if (nested > 0 && nested < options.length)
    errors.push({
      path: `${at}.options`,
      code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
      message: 'Subcommands cannot be mixed with other options',
    });
  let sawOptional = false;
  options.forEach((o, j) => {
    const p = `${at}.options.${j}`;
    if (!COMMAND_NAME.test(String(o.name ?? '')))
      errors.push({ path: `${p}.name`, code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Option name is invalid' });
    if (len(o.description) < 1 || len(o.description) > 100)
      errors.push({
        path: `${p}.description`,
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 100 in length.',
      });
    if (o.type === 1 || o.type === 2) {
      validateOptions(errors, p, (o.options ?? []) as Record<string, unknown>[]);
      return;
    }
    if (o.required && sawOptional)
      errors.push({
        path: `${p}.required`,
        code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        message: 'Required options must be placed before non-required options',
      });
    if (!o.required) sawOptional = true;
    if (o.autocomplete && Array.isArray(o.choices) && o.choices.length)
      errors.push({ path: p, code: 'AUTOCOMPLETE_CHOICES', message: 'Autocomplete cannot be set with choices' });
  });
}

/** Nests dotted paths into Discord's `errors` object: { embeds: { 0: { description: { _errors: [...] } } } }. */
export function formBodyErrors(errors: FieldError[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const e of errors) {
    let node = root;
    for (const key of e.path.split('.').filter(Boolean)) node = (node[key] ??= {}) as Record<string, unknown>;
    ((node._errors ??= []) as unknown[]).push({ code: e.code, message: e.message });
  }
  return root;
}
