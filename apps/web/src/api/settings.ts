import type { TPublicSettings } from '@apiplay/core';
import { api } from './instance';

/** `GET /api/settings/public`: what any visitor may know (sign-up policy, password sign-in, modules). */
export const getPublicSettings = () => api.get<TPublicSettings>('/api/settings/public', { anonymous: true });
