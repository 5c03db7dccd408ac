import type { TEnvironmentResponse } from '@apiplay/core';
import type { environments } from '../db/schema';
import type { SecretBox } from '../infra/secrets';
import { presentVariables } from '../services/environments/seal-variables';

export type EnvironmentRow = typeof environments.$inferSelect;

export function toEnvironmentResponse(
  box: SecretBox,
  row: EnvironmentRow,
  reveal = false,
): TEnvironmentResponse {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    kind: row.kind,
    name: row.name,
    variables: presentVariables(box, row.variables, reveal),
    revealed: reveal,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
