import { z } from 'zod';

/** Phase timings in milliseconds; phases that did not happen (reused connection) are 0. */
export const ZTimings = z.object({
  dns: z.number(),
  connect: z.number(),
  tls: z.number(),
  ttfb: z.number().describe('Request written → first response byte'),
  download: z.number(),
  total: z.number(),
});
export type TTimings = z.infer<typeof ZTimings>;

export const ZHeaderPair = z.object({ key: z.string(), value: z.string() });
export type THeaderPair = z.infer<typeof ZHeaderPair>;

/** The request as it went on the wire (after variables, auth and pre-request scripts). */
export const ZSentRequest = z.object({
  method: z.string(),
  url: z.string(),
  headers: z.array(ZHeaderPair),
  body: z.string().optional().describe('Text form of the body (files shown by name)'),
});
export type TSentRequest = z.infer<typeof ZSentRequest>;

export const ZCookie = z.object({
  name: z.string(),
  value: z.string(),
  domain: z.string().optional(),
  path: z.string().optional(),
  expires: z.string().optional(),
  httpOnly: z.boolean().optional(),
  secure: z.boolean().optional(),
});
export type TCookie = z.infer<typeof ZCookie>;

/** What came back. `body` is UTF-8 text, or base64 when `bodyEncoding` is base64 (binary payloads). */
export const ZResponseResult = z.object({
  status: z.number().int(),
  statusText: z.string(),
  httpVersion: z.string().default('1.1'),
  headers: z.array(ZHeaderPair),
  cookies: z.array(ZCookie).default([]),
  body: z.string(),
  bodyEncoding: z.enum(['utf8', 'base64']).default('utf8'),
  size: z.number().int().describe('Body bytes received (decoded)'),
  truncated: z.boolean().default(false).describe('True when the body exceeded the size cap'),
  timings: ZTimings,
  redirects: z.array(z.object({ url: z.string(), status: z.number().int() })).default([]),
});
export type TResponseResult = z.infer<typeof ZResponseResult>;

export const ZAssertion = z.object({
  name: z.string(),
  passed: z.boolean(),
  skipped: z.boolean().default(false),
  error: z.string().optional(),
});
export type TAssertion = z.infer<typeof ZAssertion>;

export const ZScriptFailure = z.object({
  phase: z.enum(['preRequest', 'test']),
  source: z.string().describe('collection, folder name or request name'),
  message: z.string(),
  line: z.number().int().optional(),
});
export type TScriptFailure = z.infer<typeof ZScriptFailure>;

export const ZConsoleEntry = z.object({
  level: z.enum(['log', 'info', 'warn', 'error', 'debug']),
  message: z.string(),
});
export type TConsoleEntry = z.infer<typeof ZConsoleEntry>;

/** One executed request inside a run (or a single execution). */
export const ZExecution = z.object({
  itemId: z.string(),
  name: z.string(),
  path: z.array(z.string()).describe('Folder names from the root'),
  iteration: z.number().int(),
  request: ZSentRequest,
  response: ZResponseResult.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional().describe('Transport failure'),
  assertions: z.array(ZAssertion).default([]),
  scriptFailures: z.array(ZScriptFailure).default([]),
  console: z.array(ZConsoleEntry).default([]),
  warnings: z.array(z.string()).default([]).describe('Unresolved variables, cycles, …'),
  visualizer: z
    .object({ template: z.string().max(1_000_000), data: z.string().max(5_000_000).optional() })
    .optional()
    .describe('pm.visualizer.set: the template and its data as JSON text, shown in a sandboxed frame'),
});
export type TExecution = z.infer<typeof ZExecution>;

export const ZRunStats = z.object({
  iterations: z.number().int(),
  requests: z.object({ total: z.number().int(), failed: z.number().int() }),
  assertions: z.object({ total: z.number().int(), failed: z.number().int() }),
  scripts: z.object({
    failed: z.number().int(),
    preRequest: z
      .number()
      .int()
      .optional()
      .describe('Pre-request scripts run (collection, folder and request scripts each count)'),
    test: z
      .number()
      .int()
      .optional()
      .describe('Test scripts run (collection, folder and request scripts each count)'),
  }),
});
export type TRunStats = z.infer<typeof ZRunStats>;

/** A collection run's report (v1). */
export const ZRunReportV1 = z.object({
  v: z.literal(1),
  id: z.string(),
  collection: z.object({ id: z.string(), name: z.string() }),
  environment: z.object({ id: z.string(), name: z.string() }).optional(),
  status: z.enum(['passed', 'failed', 'aborted']),
  startedAt: z.string(),
  finishedAt: z.string(),
  stats: ZRunStats,
  executions: z.array(ZExecution),
  /** What the run could not do that its user should know (e.g. variable changes not saved for a viewer). */
  warnings: z.array(z.string()).optional(),
});
export type TRunReportV1 = z.infer<typeof ZRunReportV1>;
