import { z } from 'zod';
import { QuothError } from '../shared/errors.ts';

/** Discord's snowflake ids: 17 to 20 digits (20 once the epoch-based counter grows). */
const SNOWFLAKE = /^\d{17,20}$/;
/** Bot tokens are three base64url parts joined by dots. */
const BOT_TOKEN = /^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/;

const TOKEN_MISSING =
  'is missing; put your bot token in .env (Developer Portal → your application → Bot → Reset Token)';

const DiscordEnv = z.object({
  DISCORD_TOKEN: z
    .string()
    .transform((t) => t.trim().replace(/^Bot\s+/i, ''))
    .refine(
      (t) => BOT_TOKEN.test(t),
      'does not look like a bot token (three dot-separated parts); copy it again from the Developer Portal',
    )
    .optional(),
  DISCORD_CLIENT_ID: z.string().regex(SNOWFLAKE, 'must be the application id (17 to 20 digits)').optional(),
  DISCORD_GUILD_ID: z.string().regex(SNOWFLAKE, 'must be a server id (17 to 20 digits)').optional(),
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  COOLDOWN_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(0, 'must be 0 (off) or more')
    .max(3600, 'must be at most 3600')
    .default(3),
});

export interface DiscordConfig {
  /** Null only when not required: an HTTP-endpoint-only process answers with interaction tokens. */
  token: string | null;
  /** The application id; required to register commands, checked against the gateway's when set. */
  clientId: string | null;
  /** Register commands in this one server (instant, for development) instead of globally. */
  guildId: string | null;
  /** REST base, e.g. https://discord.com/api; null means discord.js's default (Discord itself). */
  apiUrl: string | null;
  cooldownSeconds: number;
}

/**
 * Validates the bot's settings. A bad or missing value throws one line naming the variable, fit to
 * print without a stack trace.
 */
export function loadDiscordConfig(
  env: NodeJS.ProcessEnv,
  opts: { requireClientId?: boolean; requireToken?: boolean } = {},
): DiscordConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in DiscordEnv.shape && v !== undefined && v.trim() !== ''),
  );
  const parsed = DiscordEnv.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new QuothError(`Configuration error: ${issue.path.join('.')} ${issue.message}.`, 'config');
  }
  const e = parsed.data;
  if (opts.requireToken !== false && !e.DISCORD_TOKEN) {
    throw new QuothError(`Configuration error: DISCORD_TOKEN ${TOKEN_MISSING}.`, 'config');
  }
  if (opts.requireClientId && !e.DISCORD_CLIENT_ID) {
    throw new QuothError(
      'Configuration error: DISCORD_CLIENT_ID is missing; ' +
        "it is the Application ID on the Developer Portal's General Information page.",
      'config',
    );
  }
  return {
    token: e.DISCORD_TOKEN ?? null,
    clientId: e.DISCORD_CLIENT_ID ?? null,
    guildId: e.DISCORD_GUILD_ID ?? null,
    apiUrl: e.DISCORD_API_URL ?? null,
    cooldownSeconds: e.COOLDOWN_SECONDS,
  };
}
