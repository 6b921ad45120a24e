// Runs the same router and commands for interactions that arrive over HTTP as for gateway ones:
// the raw payload becomes a discord.js interaction on a client that never connects to the gateway,
// and the one REST call that differs, the initial response (POST /interactions/{id}/{token}/callback),
// is answered in the HTTP response to Discord's request instead. Edits and follow-ups go to the
// webhook routes through the REST API as usual; their token is the interaction's, so no bot token
// is needed for them.
import {
  type APIInteraction,
  type APIInteractionResponse,
  type Client,
  Events,
  type Interaction,
  type RequestData,
  type RouteLike,
} from 'discord.js';
import { CALLBACK_ROUTE, EarlyDeferrals, Later } from '../earlyAck.ts';
import type { InteractionRouter } from '../router.ts';
import { type Logger, silentLogger } from '../../shared/log.ts';
import type { InteractionHandler } from './server.ts';

/** Discord waits 3 s for the HTTP response; give up a little before, so the 500 still arrives. */
export const DEFAULT_ACK_TIMEOUT_MS = 2800;

/** discord.js's private action that turns a raw INTERACTION_CREATE payload into its interaction class. */
interface InteractionActions {
  actions: { InteractionCreate: { handle(data: APIInteraction): void } };
}

/** The endpoint's handler, and what a clean shutdown waits for. */
export type HttpBridge = InteractionHandler & {
  /** Resolves once every interaction taken has been routed and its command has finished. */
  idle(): Promise<void>;
};

/** A callback of an interaction being answered over HTTP: hands its body to the HTTP response. */
type PendingResponse = (body: APIInteractionResponse) => Promise<void>;

/**
 * The handler for the interactions server. `client` must be this bridge's own client (not logged
 * in): its REST `post` is wrapped to catch initial responses, and every interaction it emits is
 * taken to be the one being bridged.
 */
export function createHttpBridge(opts: {
  client: Client;
  router: InteractionRouter;
  /** Whether new interactions are still taken (false while shutting down). */
  accepting: () => boolean;
  ackTimeoutMs?: number;
  log?: Logger;
}): HttpBridge {
  const { client, router } = opts;
  const pending = new Map<string, PendingResponse>();
  const early = new EarlyDeferrals();
  const post = client.rest.post.bind(client.rest);
  client.rest.post = async (route: RouteLike, data?: RequestData): Promise<unknown> => {
    const acknowledged = early.take(route, data);
    if (acknowledged) return acknowledged;
    const respond = pending.get(CALLBACK_ROUTE.exec(route)?.[1] ?? '');
    // Not ours (a REST call of a command) or too late (the HTTP request already failed): Discord
    // itself then says whether the interaction can still be answered.
    if (!respond) return post(route, data);
    if (data?.files?.length) throw new Error('an initial interaction response over HTTP cannot carry files');
    // discord.js then reads no body unless asked `withResponse`, which Quoth never does.
    await respond(data?.body as APIInteractionResponse);
    return undefined;
  };

  let emitted: Interaction | null = null;
  client.on(Events.InteractionCreate, (interaction) => {
    emitted = interaction;
  });
  const actions = (client as unknown as InteractionActions).actions;

  /** The discord.js interaction of a raw payload, or null for a type discord.js does not build. */
  function build(raw: APIInteraction): Interaction | null {
    emitted = null;
    // Synchronous: the action emits the interaction before returning, and nothing else emits on this client.
    actions.InteractionCreate.handle(raw);
    return emitted as Interaction | null;
  }

  // A payload discord.js cannot build: before, the request failed with a 500; now it is already acknowledged.
  const later = new Later((err) => (opts.log ?? silentLogger).error({ err }, 'could not build an interaction'));
  const routedLater = new Set<Promise<void>>();
  function routeLater(raw: APIInteraction): void {
    const routed = new Promise<void>((resolve) =>
      later.push(() => {
        let interaction: Interaction | null = null;
        try {
          interaction = build(raw);
        } finally {
          // Null cannot happen for a slash command; a throw goes on to Later's log.
          resolve(interaction ? router.handle(interaction) : undefined);
        }
      }),
    );
    routedLater.add(routed);
    void routed.finally(() => routedLater.delete(routed));
  }

  const handler: InteractionHandler = (raw, responded) => {
    if (!opts.accepting()) return Promise.reject(new Error('shutting down'));
    const deferral = router.deferralFor(raw);
    if (deferral) {
      // Acknowledged now; the interaction is built and its command run once the requests already
      // read are acknowledged too, so a burst is not acknowledged behind its own routing.
      // Its deferReply resolves once the response is written, so no edit overtakes it.
      early.add(raw.id, deferral, responded);
      routeLater(raw);
      return Promise.resolve(deferral);
    }
    const interaction = build(raw);
    if (!interaction) return Promise.reject(new Error(`interaction type ${raw.type} is not handled`));

    return new Promise<APIInteractionResponse>((resolve, reject) => {
      const done = (): boolean => {
        clearTimeout(timer);
        return pending.delete(raw.id);
      };
      const timer = setTimeout(() => {
        if (done()) reject(new Error('no response to the interaction within the acknowledgement window'));
      }, opts.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS);
      pending.set(raw.id, (body) => {
        done();
        resolve(body);
        // The command's reply()/deferReply() resolves only once Discord has the response.
        return responded;
      });
      void router.handle(interaction).finally(() => {
        if (done()) reject(new Error('the command finished without responding'));
      });
    });
  };

  return Object.assign(handler, {
    async idle() {
      while (routedLater.size) await Promise.allSettled([...routedLater]);
      await router.idle();
    },
  });
}
