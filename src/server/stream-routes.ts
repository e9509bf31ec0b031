/**
 * `GET /v1/stream` (WebSocket, read scope): order, fill, risk, venue and alert events as JSON messages with
 * sequence numbers, filtered by `types`, `venue` and `market`. The first message is always `hello`
 * (`lastSeq`, `oldestSeq`, and `gap: true` when `since` is older than what the ring still holds); then the
 * missed events after `since`, then live events.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ValidationError } from '../errors/index.ts';
import { type EventRing, STREAM_TYPES, type StreamMessage, type StreamType } from './event-ring.ts';
import { StreamQuery } from './schemas.ts';

/** Options of the stream plugin. */
export interface StreamRoutesOptions {
  readonly ring: EventRing;
  /** A client whose unsent data passes this many bytes is disconnected (default 8 MiB). */
  readonly maxBufferedBytes?: number;
}

function parseTypes(s: string | undefined): Set<StreamType> | undefined {
  if (s === undefined) return undefined;
  const out = new Set<StreamType>();
  for (const part of s.split(',')) {
    const t = part.trim();
    if (!(STREAM_TYPES as readonly string[]).includes(t))
      throw new ValidationError('types', t, `must be a comma-separated list of ${STREAM_TYPES.join(', ')}`);
    out.add(t as StreamType);
  }
  return out;
}

/** The `/v1/stream` WebSocket route. */
export const streamRoutes: FastifyPluginAsyncZod<StreamRoutesOptions> = async (app, opts) => {
  const { ring } = opts;
  const maxBuffered = opts.maxBufferedBytes ?? 8 * 1024 * 1024;

  app.get(
    '/v1/stream',
    {
      websocket: true,
      config: { scope: 'read' },
      schema: {
        tags: ['stream'],
        summary: 'WebSocket of sequenced events; reconnect with ?since=<seq> to get the missed ones',
        querystring: StreamQuery,
      },
      // filters are checked before the upgrade, so a bad query is a plain 400 in the error shape
      preHandler: async (req) => {
        parseTypes((req.query as { types?: string }).types);
      },
    },
    (socket, req) => {
      const q = req.query;
      const types = parseTypes(q.types);
      // events without a venue / market (trading state, alerts) concern everyone and pass those filters
      const wanted = (m: StreamMessage): boolean =>
        (types === undefined || types.has(m.type)) &&
        (q.venue === undefined || m.venue === undefined || m.venue === q.venue) &&
        (q.market === undefined || m.market === undefined || m.market === q.market);
      const send = (m: object): void => {
        if (socket.readyState !== socket.OPEN) return;
        if (socket.bufferedAmount > maxBuffered) {
          socket.close(1008, 'client too slow');
          return;
        }
        socket.send(JSON.stringify(m));
      };
      // replay and subscribe in the same turn: the engine publishes synchronously, so nothing is missed
      const oldest = ring.oldestSeq;
      // a `since` ahead of the newest event cannot come from this journal (numbers survive restarts)
      const gap = q.since !== undefined && (q.since + 1 < oldest || q.since > ring.lastSeq);
      send({
        type: 'hello',
        lastSeq: ring.lastSeq,
        oldestSeq: oldest,
        ...(q.since === undefined ? {} : { since: q.since }),
        ...(gap
          ? { gap: true, message: 'some events after since are no longer held: re-read state over HTTP' }
          : {}),
      });
      if (q.since !== undefined) for (const m of ring.since(q.since)) if (wanted(m)) send(m);
      const off = ring.subscribe((m) => {
        if (wanted(m)) send(m);
      });
      socket.on('close', off);
    },
  );
};
