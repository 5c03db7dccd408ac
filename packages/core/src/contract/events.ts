import { z } from 'zod';

/** Kinds of live events pushed over `GET /ws`. */
export const ZLiveEventType = z.enum([
  'collection.created',
  'collection.updated',
  'collection.deleted',
  'item.created',
  'item.updated',
  'item.moved',
  'item.deleted',
  'environment.created',
  'environment.updated',
  'environment.deleted',
  'job.finished',
  'run.started',
  'run.progress',
  'run.finished',
  'load.started',
  'load.progress',
  'load.finished',
]);
export type TLiveEventType = z.infer<typeof ZLiveEventType>;

/** One live event. `data` carries ids and small summaries, never secrets. */
export const ZLiveEvent = z.object({
  id: z.string().describe('Unique event id'),
  type: ZLiveEventType,
  workspaceId: z.uuid(),
  actorId: z.uuid().nullable().describe('Who caused it; null for system events'),
  data: z.record(z.string(), z.unknown()),
  at: z.string().describe('ISO-8601 time'),
});
export type TLiveEvent = z.infer<typeof ZLiveEvent>;

/** Messages a WebSocket client sends. The first one must be `auth` unless the token came in the subprotocol. */
export const ZWsClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(1).describe('Access token or API key') }),
  z.object({ type: z.literal('subscribe'), workspaceId: z.uuid() }),
  z.object({ type: z.literal('unsubscribe'), workspaceId: z.uuid() }),
  z.object({ type: z.literal('ping') }),
]);
export type TWsClientMessage = z.infer<typeof ZWsClientMessage>;

/** Messages the server sends. */
export type TWsServerMessage =
  | { type: 'ready'; userId: string }
  | { type: 'subscribed'; workspaceId: string }
  | { type: 'unsubscribed'; workspaceId: string }
  | { type: 'event'; event: TLiveEvent }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string };
