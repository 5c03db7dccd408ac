import type { TCodegenRequestInput, TCodegenResponse, TCodegenTargetList } from '@apiplay/core';
import { api } from './instance';

/** `GET /api/codegen/targets`. */
export const listCodegenTargets = () => api.get<TCodegenTargetList>('/api/codegen/targets');

/** `POST /api/codegen`: the snippet and what it could not carry over. */
export const generateCode = (body: TCodegenRequestInput) => api.post<TCodegenResponse>('/api/codegen', body);
