import { z } from 'zod';
import { ZTimestamp } from './common';

/**
 * What a key may do. `read`: GET routes; `write`: changes; `execute`: sending requests and starting runs; `admin`:
 * creating keys and instance administration (for instance admins). Each route declares the one it needs.
 */
export const ZApiKeyScope = z.enum(['read', 'write', 'execute', 'admin']).describe('API key scope');
export type TApiKeyScope = z.infer<typeof ZApiKeyScope>;

export const ZApiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe('First characters of the key, to recognise it'),
    createdAt: ZTimestamp,
    lastUsedAt: ZTimestamp.nullable(),
    expiresAt: ZTimestamp.nullable(),
    scopes: z.array(ZApiKeyScope).describe('What the key may do'),
    workspaceId: z.uuid().nullable().describe("The only workspace the key reaches; null: all of the owner's"),
  })
  .describe('API key (without its secret)');
export type TApiKey = z.infer<typeof ZApiKey>;

export const ZCreateApiKeyRequest = z.object({
  name: z.string().trim().min(1).max(100).describe('Label, e.g. "CI"'),
  expiresAt: ZTimestamp.optional().describe('Optional expiry; must be in the future'),
  scopes: z
    .array(ZApiKeyScope)
    .min(1)
    .max(4)
    .default(['read', 'write', 'execute'])
    .describe('Scopes; default read, write, execute. Only a session or an `admin` key may create keys'),
  workspaceId: z.uuid().optional().describe('Restrict the key to one workspace you belong to'),
});
export type TCreateApiKeyRequest = z.infer<typeof ZCreateApiKeyRequest>;
/** What a client sends (scopes may be left out: they default). */
export type TCreateApiKeyInput = z.input<typeof ZCreateApiKeyRequest>;

export const ZCreateApiKeyResponse = ZApiKey.extend({
  key: z.string().describe('The key (`apk_…`); shown only this once'),
});
export type TCreateApiKeyResponse = z.infer<typeof ZCreateApiKeyResponse>;

export const ZApiKeyList = z.object({ items: z.array(ZApiKey) });
export type TApiKeyList = z.infer<typeof ZApiKeyList>;
