import { z } from 'zod';
import { ZVariable } from './common';

/** An environment or the workspace globals (v1). */
export const ZEnvironmentV1 = z.object({
  v: z.literal(1),
  id: z.string().min(1),
  name: z.string().default('New environment'),
  variables: z.array(ZVariable).default([]),
});
export type TEnvironmentV1 = z.infer<typeof ZEnvironmentV1>;
