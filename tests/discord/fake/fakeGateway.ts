// The fake's WebSocket gateway, on the REST server's port: HELLO, heartbeats, IDENTIFY answered by
// READY and a GUILD_CREATE per guild, RESUME replaying what was dispatched while the client was away.
import crypto from 'node:crypto';
import type http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeDiscordState } from './fakeState.ts';
import { type FakeGuild, MEMBER_PERMISSIONS, snowflake } from './fakeTypes.ts';

interface Session {
  id: string;
  seq: number;
  socket: WebSocket | null;
  /** Dispatches sent while no socket was attached, replayed on RESUME as Discord does. */
  missed: object[];
}

export class FakeGateway {
  private readonly wss: WebSocketServer;
  private readonly sessions = new Map<string, Session>();
  private current: Session | null = null;

  constructor(
    private readonly fake: FakeDiscordState,
    server: http.Server,
  ) {
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  /** Whether a client has identified (or resumed) and is connected now. */
  get connected(): boolean {
    return !!this.current?.socket;
  }

  /** Whether a client has identified: a dispatch to it while it is away waits for its RESUME. */
  get hasSession(): boolean {
    return this.current !== null;
  }

  /** Sends a dispatch (op 0) to the current session. */
  dispatch(t: string, d: object): void {
    this.send(this.current!, t, d);
  }

  /** Closes the gateway socket like a network failure would (no close frame handshake). */
  dropConnection(): void {
    this.current?.socket?.terminate();
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket): void {
    this.fake.dropHeartbeatAcks = false;
    let session: Session | null = null;
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.fake.opts.heartbeatIntervalMs } }));
    ws.on('message', (raw) => {
      let msg: { op: number; d: any };
      try {
        msg = JSON.parse(String(raw));
      } catch {
        ws.close(4002, 'Error while decoding payload.');
        return;
      }
      switch (msg.op) {
        case 1:
          if (!this.fake.dropHeartbeatAcks) ws.send(JSON.stringify({ op: 11 }));
          break;
        case 2: {
          if (msg.d?.token !== this.fake.opts.token) {
            ws.close(4004, 'Authentication failed.');
            return;
          }
          this.fake.identifies++;
          session = { id: crypto.randomBytes(16).toString('hex'), seq: 0, socket: ws, missed: [] };
          this.sessions.set(session.id, session);
          this.current = session;
          this.send(session, 'READY', {
            v: 10,
            user: this.fake.botUser,
            guilds: this.fake.opts.guilds.map((g) => ({ id: g.id, unavailable: true })),
            session_id: session.id,
            resume_gateway_url: this.fake.gatewayUrl,
            shard: [0, 1],
            application: { id: this.fake.applicationId, flags: 0 },
          });
          for (const g of this.fake.opts.guilds) this.send(session, 'GUILD_CREATE', this.guildPayload(g));
          this.fake.emit('session');
          break;
        }
        case 6: {
          const resumed = this.sessions.get(msg.d?.session_id);
          if (msg.d?.token !== this.fake.opts.token || !resumed) {
            ws.send(JSON.stringify({ op: 9, d: false }));
            return;
          }
          this.fake.resumes++;
          session = resumed;
          session.socket = ws;
          this.current = session;
          const missed = session.missed.splice(0);
          for (const m of missed) this.send(session, (m as { t: string }).t, (m as { d: object }).d);
          this.send(session, 'RESUMED', {});
          this.fake.emit('session');
          this.fake.emit('resumed');
          break;
        }
        default:
          break;
      }
    });
    ws.on('close', () => {
      if (session?.socket === ws) session.socket = null;
    });
  }

  private send(session: Session, t: string, d: object): void {
    if (!session.socket || session.socket.readyState !== session.socket.OPEN) {
      session.missed.push({ t, d });
      return;
    }
    session.socket.send(JSON.stringify({ op: 0, t, s: ++session.seq, d }));
  }

  private guildPayload(g: FakeGuild): object {
    const channelId = this.fake.channelIds.get(g.id)!;
    return {
      id: g.id,
      name: g.name,
      icon: null,
      owner_id: snowflake(),
      unavailable: false,
      member_count: 2,
      large: false,
      joined_at: new Date().toISOString(),
      features: [],
      roles: [
        {
          id: g.id,
          name: '@everyone',
          permissions: MEMBER_PERMISSIONS,
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
      channels: [{ id: channelId, type: 0, name: 'general', guild_id: g.id, position: 0, permission_overwrites: [] }],
      threads: [],
      members: [],
      emojis: [],
      stickers: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      premium_tier: 0,
      preferred_locale: 'en-US',
      system_channel_flags: 0,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
    };
  }
}
