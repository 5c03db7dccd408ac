import { z } from 'zod';
import { ZVariable } from '../schema';
import { MASKED_SECRET } from '../variables/mask-secrets';
import { ZTimestamp } from './common';

export { MASKED_SECRET };

export const ZEnvironmentResponse = z
  .object({
    id: z.uuid(),
    workspaceId: z.uuid(),
    kind: z.enum(['environment', 'globals']).describe('`globals` is the workspace-wide scope'),
    name: z.string(),
    variables: z.array(ZVariable).describe(`Secret values read ${MASKED_SECRET} unless revealed`),
    revealed: z.boolean().describe('True when secret values are shown in clear (editor asked ?reveal=1)'),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .describe('Environment');
export type TEnvironmentResponse = z.infer<typeof ZEnvironmentResponse>;

export const ZEnvironmentList = z.object({ items: z.array(ZEnvironmentResponse) });
export type TEnvironmentList = z.infer<typeof ZEnvironmentList>;

export const ZCreateEnvironmentRequest = z.object({
  name: z.string().trim().min(1).max(200).describe('Name'),
  variables: z
    .array(ZVariable)
    .max(1000)
    .default([])
    .describe('Variables; `secret: true` ones are encrypted at rest'),
});
export type TCreateEnvironmentRequest = z.infer<typeof ZCreateEnvironmentRequest>;

export const ZUpdateEnvironmentRequest = z.object({
  name: z.string().trim().min(1).max(200).optional().describe('New name'),
  variables: z
    .array(ZVariable)
    .max(1000)
    .optional()
    .describe(`Replaces the list; a secret sent as ${MASKED_SECRET} keeps its stored value`),
});
export type TUpdateEnvironmentRequest = z.infer<typeof ZUpdateEnvironmentRequest>;

export const ZPutGlobalsRequest = z.object({
  variables: z.array(ZVariable).max(1000).describe('Replaces the workspace globals'),
});
export type TPutGlobalsRequest = z.infer<typeof ZPutGlobalsRequest>;

export const ZRevealQuery = z.object({
  reveal: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true')
    .describe('1 = show secret values in clear (editors only; audit-logged)'),
});
export type TRevealQuery = z.infer<typeof ZRevealQuery>;
