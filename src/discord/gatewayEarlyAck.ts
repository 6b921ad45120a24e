// The gateway's way to acknowledge first (see earlyAck.ts): an INTERACTION_CREATE dispatch whose
// command will certainly defer gets its deferral POSTed as soon as it is decoded, and discord.js
// builds the interaction (members, channels, users cached…) one per event-loop turn afterwards, so
// a burst of dispatches is not acknowledged behind the building of all of them.
import {
  type APIInteraction,
  type Client,
  Events,
  type GatewayDispatchPayload,
  makeURLSearchParams,
  type RequestData,
  type RouteLike,
  Routes,
  Status,
} from 'discord.js';
import { EarlyDeferrals, Later } from './earlyAck.ts';
import type { InteractionRouter } from './router.ts';

/** discord.js's private packet entry point and its interaction action (as the HTTP bridge uses). */
interface ClientInternals {
  ws: { status: Status; handlePacket(packet?: GatewayDispatchPayload, shard?: unknown): boolean };
  actions: { InteractionCreate: { handle(data: APIInteraction): void } };
}

/**
 * Makes `client` acknowledge early what `router` can decide from the payload while `accepting()`;
 * everything else goes through discord.js unchanged. Returns what stop() waits for: the
 * interactions already acknowledged but not yet built and emitted.
 */
export function acknowledgeGatewayEarly(
  client: Client,
  router: InteractionRouter,
  accepting: () => boolean,
): { drained(): Promise<void> } {
  const internals = client as unknown as ClientInternals;
  const early = new EarlyDeferrals();
  // discord.js's own path would have thrown out of its dispatch handler; here the client's error event logs it.
  const later = new Later((err) => client.emit(Events.Error, err instanceof Error ? err : new Error(String(err))));
  // Private to discord.js: should a release rename it, interactions keep its own (slower) path.
  if (typeof internals.ws?.handlePacket !== 'function') return { drained: () => later.drained() };

  const post = client.rest.post.bind(client.rest);
  client.rest.post = (route: RouteLike, data?: RequestData): Promise<unknown> =>
    early.take(route, data) ?? post(route, data);

  const handlePacket = internals.ws.handlePacket.bind(internals.ws);
  internals.ws.handlePacket = (packet, shard) => {
    // Before READY discord.js queues packets itself; those keep its path.
    if (packet?.t !== 'INTERACTION_CREATE' || internals.ws.status !== Status.Ready || !accepting())
      return handlePacket(packet, shard);
    const raw = packet.d as APIInteraction;
    const deferral = router.deferralFor(raw);
    if (!deferral) return handlePacket(packet, shard);
    // The very request discord.js's deferReply makes (InteractionResponses#deferReply).
    const sent = post(Routes.interactionCallback(raw.id, raw.token), {
      body: deferral,
      auth: false,
      query: makeURLSearchParams({ with_response: false }),
    });
    early.add(raw.id, deferral, sent);
    later.push(() => handlePacket(packet, shard));
    return true;
  };

  return { drained: () => later.drained() };
}
