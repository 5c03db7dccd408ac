import { z } from 'zod';
import { ZAuth, ZBody, ZHttpMethod, ZKeyValue, ZRequestSettings, ZScripts } from './common';

/**
 * A saved request (v1). `url` is the raw URL text including the query string; query params are derived from it
 * (the UI keeps the two in sync), so there is one source of truth.
 */
export const ZRequestV1 = z.object({
  v: z.literal(1),
  id: z.string().min(1),
  name: z.string().default('Untitled request'),
  description: z.string().default(''),
  method: ZHttpMethod.default('GET'),
  url: z.string().default(''),
  headers: z.array(ZKeyValue).default([]),
  body: ZBody.default({ mode: 'none' }),
  auth: ZAuth.default({ type: 'inherit' }),
  scripts: ZScripts.default({ preRequest: '', test: '' }),
  settings: ZRequestSettings.default({}),
});
export type TRequestV1 = z.infer<typeof ZRequestV1>;
