import { z } from 'zod';
import { ZAuth, ZBody, ZHttpMethod, ZKeyValue } from '../schema';

/** `POST /api/codegen`. */
export const ZCodegenRequest = z.object({
  request: z
    .object({
      method: ZHttpMethod.default('GET'),
      url: z.string().max(100_000).describe('URL; may contain {{variables}}'),
      headers: z.array(ZKeyValue).max(1000).default([]),
      body: ZBody.default({ mode: 'none' }),
      auth: ZAuth.default({ type: 'none' }).describe(
        '`inherit` is treated as none here (no collection context)',
      ),
    })
    .describe('The request to turn into code'),
  target: z.string().min(1).max(64).describe('Target id from GET /api/codegen/targets, e.g. shell-curl'),
  resolveVariables: z
    .boolean()
    .default(false)
    .describe('Resolve {{variables}} from `variables`; else keep placeholders'),
  variables: z
    .record(z.string(), z.string())
    .default({})
    .describe('Values for {{variables}} when resolveVariables is true'),
});
export type TCodegenRequest = z.infer<typeof ZCodegenRequest>;
/** What a client sends (defaulted fields optional). */
export type TCodegenRequestInput = z.input<typeof ZCodegenRequest>;

export const ZCodegenResponse = z.object({
  code: z.string().describe('The generated snippet'),
  warnings: z.array(z.string()).describe('Unresolved variables, auth left out of the snippet, …'),
});
export type TCodegenResponse = z.infer<typeof ZCodegenResponse>;

export const ZCodegenTarget = z.object({
  id: z.string().describe('Target id'),
  label: z.string().describe('Language — client'),
  language: z.string().describe('Language key for highlighting'),
});
export const ZCodegenTargetList = z.object({ targets: z.array(ZCodegenTarget) });
export type TCodegenTargetList = z.infer<typeof ZCodegenTargetList>;
