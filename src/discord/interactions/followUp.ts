import { REST, Routes, type RESTOptions } from 'discord.js';

/** What a deferred reply is completed with (content, embeds, components, allowed_mentions…). */
export type WebhookMessageBody = Record<string, unknown>;

export interface InteractionWebhooks {
  /** Replaces the deferred "thinking…" reply: PATCH /webhooks/{app}/{token}/messages/@original. */
  editOriginal(token: string, body: WebhookMessageBody): Promise<unknown>;
  /** A further message: POST /webhooks/{app}/{token}. */
  followUp(token: string, body: WebhookMessageBody): Promise<unknown>;
  deleteOriginal(token: string): Promise<void>;
}

/**
 * Completes interactions answered over HTTP. Those carry no bot token: the interaction token in
 * the path is the credential (valid 15 minutes), so requests go without Authorization. `apiUrl` is
 * DISCORD_API_URL (the fake Discord in tests); null means discord.js's default, Discord itself.
 */
export function createInteractionWebhooks(opts: {
  applicationId: string;
  apiUrl: string | null;
  rest?: Partial<RESTOptions>;
}): InteractionWebhooks {
  const rest = new REST({ ...(opts.apiUrl ? { api: opts.apiUrl } : {}), ...opts.rest });
  const app = opts.applicationId;
  return {
    editOriginal: (token, body) => rest.patch(Routes.webhookMessage(app, token, '@original'), { body, auth: false }),
    followUp: (token, body) => rest.post(Routes.webhook(app, token), { body, auth: false }),
    async deleteOriginal(token) {
      await rest.delete(Routes.webhookMessage(app, token, '@original'), { auth: false });
    },
  };
}
