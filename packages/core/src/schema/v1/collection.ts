import { z } from 'zod';
import { ZAuth, ZScripts, ZVariable } from './common';
import { type TRequestV1, ZRequestV1 } from './request';

/** A request placed in a collection tree. */
export const ZRequestItemV1 = ZRequestV1.omit({ v: true }).extend({ type: z.literal('request') });
export type TRequestItemV1 = z.infer<typeof ZRequestItemV1>;

/** A folder: nests folders and requests; auth, variables and scripts inherit downward. */
export interface TFolderV1 {
  type: 'folder';
  id: string;
  name: string;
  description: string;
  auth: z.infer<typeof ZAuth>;
  variables: z.infer<typeof ZVariable>[];
  scripts: z.infer<typeof ZScripts>;
  items: TItemV1[];
}
export type TItemV1 = TFolderV1 | TRequestItemV1;

export const ZFolderV1: z.ZodType<TFolderV1, z.input<z.ZodTypeAny>> = z.lazy(() =>
  z.object({
    type: z.literal('folder'),
    id: z.string().min(1),
    name: z.string().default('New folder'),
    description: z.string().default(''),
    auth: ZAuth.default({ type: 'inherit' }),
    variables: z.array(ZVariable).default([]),
    scripts: ZScripts.default({ preRequest: '', test: '' }),
    items: z.array(ZItemV1).default([]),
  }),
) as z.ZodType<TFolderV1, z.input<z.ZodTypeAny>>;

export const ZItemV1: z.ZodType<TItemV1, z.input<z.ZodTypeAny>> = z.lazy(() =>
  z.union([ZFolderV1, ZRequestItemV1]),
) as z.ZodType<TItemV1, z.input<z.ZodTypeAny>>;

/** A collection (v1): the root of the tree. */
export const ZCollectionV1 = z.object({
  v: z.literal(1),
  id: z.string().min(1),
  name: z.string().default('New collection'),
  description: z.string().default(''),
  auth: ZAuth.default({ type: 'none' }),
  variables: z.array(ZVariable).default([]),
  scripts: ZScripts.default({ preRequest: '', test: '' }),
  items: z.array(ZItemV1).default([]),
});
export type TCollectionV1 = z.infer<typeof ZCollectionV1>;

/** Turn a standalone request into a tree item. */
export function toRequestItem(request: TRequestV1): TRequestItemV1 {
  const { v: _v, ...rest } = request;
  return { ...rest, type: 'request' };
}
