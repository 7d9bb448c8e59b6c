import { fastifySSE } from "@fastify/sse";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { problemSchema } from "../../common/problem.schema.ts";
import type { StaffRole } from "../../common/staff/staff-auth.schema.ts";
import type { Listener } from "../db/listener.ts";
import { ServiceUnavailableError, UnauthorizedError } from "../errors.ts";
import {
  type EventAudience,
  LIVE_CHANNEL,
  type LiveEvent,
  type LiveSignal,
  listEventsAfter,
  SIGNAL_CHANNEL,
} from "./events.ts";
import { findLatestEventId, findLiveSessions } from "./realtime.repository.ts";
import { requireClient, requireStaff } from "./sessions.ts";

/** The browser's wait before it reconnects a dropped stream (the `retry:` field). */
export const RETRY_MS = 3_000;
/** A stream resumed with Last-Event-ID replays at most this many missed events, then says resync. */
const REPLAY_LIMIT = 1_000;
const REPLAY_PAGE = 250;
/**
 * After the LISTEN connection comes back, catching up starts this many ids before the last one
 * seen: ids are taken at insert and a transaction that took a smaller id may commit later.
 */
const CATCH_UP_OVERLAP = 200n;
/** Ids already fanned out, remembered so that a catch-up does not deliver an event twice. */
const RECENT_IDS = 4_096;
/** A stream whose unsent output grows past this is a reader that stopped reading: it is ended. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** Who is at the other end of a stream: a client account, or a staff member in a role. */
export type StreamReader =
  | { kind: "client"; accountId: string }
  | { kind: "staff"; staffRole: StaffRole | null };

/** The rule of the live channel: a client gets its own account's events, staff those of its role. */
export function mayReceive(reader: StreamReader, audience: EventAudience): boolean {
  if (reader.kind === "client") {
    return audience.accountId !== undefined && audience.accountId === reader.accountId;
  }
  return reader.staffRole !== null && (audience.staffRoles ?? []).includes(reader.staffRole);
}

/** What a browser receives for an event: its type and the ids of what changed, nothing else. */
export interface LiveMessage {
  type: LiveEvent["type"];
  payload: LiveEvent["payload"];
}

interface Stream {
  reader: StreamReader;
  sessionId: string;
  reply: FastifyReply;
  /** Events that arrived while the stream was still replaying; null once it is live. */
  held: LiveEvent[] | null;
  /** Writes go out one after another, in order. */
  writing: Promise<void>;
}

const EVENT_ID = /^\d{1,18}$/;

function messageOf(event: LiveEvent) {
  const data: LiveMessage = { type: event.type, payload: event.payload };
  return { id: event.id, data };
}

function parseNotification(payload: string): LiveEvent | null {
  try {
    const event = JSON.parse(payload) as Partial<LiveEvent>;
    if (typeof event.id !== "string" || !EVENT_ID.test(event.id)) return null;
    if (typeof event.type !== "string" || typeof event.payload !== "object") return null;
    if (typeof event.audience !== "object" || event.audience === null) return null;
    return event as LiveEvent;
  } catch {
    return null;
  }
}

function parseSignal(payload: string): LiveSignal | null {
  try {
    const signal = JSON.parse(payload) as Partial<LiveSignal>;
    if (typeof signal.type !== "string" || typeof signal.payload !== "object") return null;
    if (typeof signal.audience !== "object" || signal.audience === null) return null;
    return signal as LiveSignal;
  } catch {
    return null;
  }
}

const streamDescription =
  "Поток text/event-stream: события `id:`/`data:` с типом и идентификаторами изменённого " +
  '(`{ "type": "message.replied", "payload": { "messageId": "…" } }`), событие `ready` при ' +
  "подключении (с `retry:`), `resync` (перечитать всё), комментарий-пульс каждые ~25 с. Сигналы " +
  '(`{ "type": "chat.typing", … }`) приходят без `id:` и не повторяются при возобновлении.';
const streamResponse = {
  description: streamDescription,
  content: { "text/event-stream": { schema: z.string() } },
};

const tags = ["live"];

/**
 * Live updates over Server-Sent Events. One LISTEN connection per process (PGlite's own listen in
 * the embedded mode, a dedicated node-postgres client otherwise) receives every committed event;
 * each is written to the open streams of this process whose reader may see it. Resume with
 * Last-Event-ID replays from the events table. See docs/decisions/0015-live-channel.md.
 */
export const realtimePlugin = fp(
  async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const db = app.database.db;
    const streams = new Set<Stream>();
    const recent = new Set<string>();
    let cursor = BigInt(await findLatestEventId(db));
    let closing = false;

    await app.register(fastifySSE, { heartbeatInterval: 0 });

    function write(stream: Stream, send: () => Promise<void> | void): void {
      stream.writing = stream.writing
        .then(async () => {
          if (!stream.reply.sse.isConnected) return;
          if (stream.reply.raw.writableLength > MAX_BUFFERED_BYTES) {
            end(stream);
            return;
          }
          await send();
        })
        .catch((error: unknown) => {
          app.log.info({ err: error }, "live stream write failed");
          end(stream);
        });
    }

    function deliver(stream: Stream, event: LiveEvent): void {
      if (!mayReceive(stream.reader, event.audience)) return;
      if (stream.held) {
        stream.held.push(event);
        return;
      }
      write(stream, () => stream.reply.sse.send(messageOf(event)));
    }

    function end(stream: Stream): void {
      streams.delete(stream);
      stream.reply.sse.close();
    }

    function publish(event: LiveEvent): void {
      if (recent.has(event.id)) return;
      recent.add(event.id);
      if (recent.size > RECENT_IDS) {
        const oldest = recent.values().next().value;
        if (oldest !== undefined) recent.delete(oldest);
      }
      const id = BigInt(event.id);
      if (id > cursor) cursor = id;
      for (const stream of streams) deliver(stream, event);
    }

    /** NOTIFY is not stored: what was sent while the connection was down is read from the table. */
    async function catchUp(): Promise<void> {
      let after = cursor > CATCH_UP_OVERLAP ? cursor - CATCH_UP_OVERLAP : 0n;
      for (;;) {
        const page = await listEventsAfter(db, after.toString(), REPLAY_PAGE);
        for (const event of page) publish(event);
        const last = page.at(-1);
        if (page.length < REPLAY_PAGE || !last) return;
        after = BigInt(last.id);
      }
    }

    const listener: Listener = await app.database.listen(LIVE_CHANNEL, {
      onNotify(payload) {
        const event = parseNotification(payload);
        if (event) publish(event);
        else app.log.warn("a live notification that is not an event was ignored");
      },
      onReconnect() {
        app.log.info("live channel listening again; catching up");
        catchUp().catch((error: unknown) => app.log.error({ err: error }, "live catch-up failed"));
      },
      onError(error) {
        app.log.warn({ err: error }, "live channel connection lost");
      },
    });

    /**
     * A signal goes to the live streams its reader may see, as a message without `id:`: it does not
     * move the browser's Last-Event-ID and is never replayed. A stream still replaying misses it.
     */
    function publishSignal(signal: LiveSignal): void {
      const data = { type: signal.type, payload: signal.payload };
      for (const stream of streams) {
        if (stream.held || !mayReceive(stream.reader, signal.audience)) continue;
        write(stream, () => stream.reply.sse.send({ data }));
      }
    }

    const signalListener: Listener = await app.database.listen(SIGNAL_CHANNEL, {
      onNotify(payload) {
        const signal = parseSignal(payload);
        if (signal) publishSignal(signal);
        else app.log.warn("a live signal that is not one was ignored");
      },
      onError(error) {
        app.log.warn({ err: error }, "live signal connection lost");
      },
    });

    /**
     * The heartbeat: each stream's session is read again (a signed-out, expired or disabled one
     * ends its stream; a staff member's new role applies), then every stream gets a comment line.
     */
    async function beat(): Promise<void> {
      if (streams.size === 0) return;
      const open = [...streams];
      const live = new Map(
        (
          await findLiveSessions(
            db,
            [...new Set(open.map((stream) => stream.sessionId))],
            new Date(),
          )
        ).map((session) => [session.sessionId, session]),
      );
      for (const stream of open) {
        const session = live.get(stream.sessionId);
        if (!session || (stream.reader.kind === "staff" && session.staffRole === null)) {
          end(stream);
          continue;
        }
        if (stream.reader.kind === "staff") stream.reader.staffRole = session.staffRole;
        write(stream, () => {
          stream.reply.raw.write(": heartbeat\n\n");
        });
      }
    }
    const heartbeat = setInterval(() => {
      beat().catch((error: unknown) => app.log.error({ err: error }, "live heartbeat failed"));
    }, app.config.liveHeartbeatMs);
    heartbeat.unref();

    /** Sends what a resumed stream missed, as far as its reader may see it. */
    /** Sends what a resumed stream missed, as far as its reader may see it; gives the ids read. */
    async function replay(stream: Stream, lastEventId: string | null): Promise<Set<string>> {
      const replayed = new Set<string>();
      if (lastEventId === null || !EVENT_ID.test(lastEventId)) return replayed;
      let after = lastEventId;
      for (let read = 0; read < REPLAY_LIMIT; read += REPLAY_PAGE) {
        const page = await listEventsAfter(db, after, REPLAY_PAGE);
        for (const event of page) {
          replayed.add(event.id);
          if (mayReceive(stream.reader, event.audience)) {
            await stream.reply.sse.send(messageOf(event));
          }
        }
        const last = page.at(-1);
        if (page.length < REPLAY_PAGE || !last) return replayed;
        after = last.id;
      }
      // Too much was missed to replay: the browser reads its pages again instead.
      await stream.reply.sse.send({ event: "resync", data: {} });
      return replayed;
    }

    async function open(
      request: FastifyRequest,
      reply: FastifyReply,
      reader: StreamReader,
      sessionId: string,
    ): Promise<void> {
      if (closing) throw new ServiceUnavailableError("Сервер перезапускается, подключитесь позже.");
      const stream: Stream = { reader, sessionId, reply, held: [], writing: Promise.resolve() };
      reply.header("x-request-id", request.id);
      reply.sse.keepAlive();
      // Joined before the replay, so nothing committed meanwhile falls between the two.
      streams.add(stream);
      reply.sse.onClose(() => streams.delete(stream));
      let replayed: Set<string>;
      try {
        await reply.sse.send({ event: "ready", data: {}, retry: RETRY_MS });
        replayed = await replay(stream, reply.sse.lastEventId);
      } catch (error) {
        // The browser went away, or the app is closing, in the middle of the replay; otherwise
        // the stream has begun and cannot turn into an error answer: it ends, and the browser
        // reconnects and resumes.
        if (reply.sse.isConnected) app.log.error({ err: error }, "live stream replay failed");
        end(stream);
        return;
      }
      const held = stream.held ?? [];
      stream.held = null;
      for (const event of held) if (!replayed.has(event.id)) deliver(stream, event);
    }

    const sseRoute = { kind: "manual", heartbeat: false } as const;

    app.get(
      "/api/events",
      {
        sse: sseRoute,
        schema: {
          tags,
          summary: "Поток обновлений личного кабинета (Server-Sent Events)",
          description:
            "События учётной записи клиента: обращения, сообщения, заявки. Возобновление с " +
            "заголовком Last-Event-ID.",
          response: { 200: streamResponse, 401: problemSchema },
        },
      },
      async (request, reply) => {
        const client = requireClient(request);
        await open(
          request,
          reply,
          { kind: "client", accountId: client.clientId },
          client.sessionId,
        );
      },
    );

    app.get(
      "/api/staff/events",
      {
        sse: sseRoute,
        schema: {
          tags,
          summary: "Поток обновлений консоли сотрудника (Server-Sent Events)",
          description:
            "События очередей, доступных роли сотрудника. Возобновление с заголовком Last-Event-ID.",
          response: { 200: streamResponse, 401: problemSchema },
        },
      },
      async (request, reply) => {
        const staff = requireStaff(request);
        // The role is read afresh: an admin may have changed it, or disabled the account.
        const [session] = await findLiveSessions(db, [staff.sessionId], new Date());
        if (!session?.staffRole) throw new UnauthorizedError();
        await open(
          request,
          reply,
          { kind: "staff", staffRole: session.staffRole },
          staff.sessionId,
        );
      },
    );

    // «Выйти» ends this instance's streams of that session at once; other instances' end at
    // their next heartbeat.
    app.addHook("onResponse", async (request, reply) => {
      const url = request.routeOptions.url;
      if (url !== "/api/auth/sign-out" && url !== "/api/staff/auth/sign-out") return;
      const sessionId = request.principal?.sessionId;
      if (!sessionId || reply.statusCode >= 400) return;
      for (const stream of streams) if (stream.sessionId === sessionId) end(stream);
    });

    // Open streams would hold app.close() (and `npm start`'s exit) forever: they end first.
    app.addHook("preClose", async () => {
      closing = true;
      clearInterval(heartbeat);
      for (const stream of [...streams]) end(stream);
    });
    app.addHook("onClose", async () => {
      await listener.close();
      await signalListener.close();
    });
  },
  { name: "realtime" },
);
