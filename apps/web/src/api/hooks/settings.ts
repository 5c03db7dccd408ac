import { useQuery } from '@tanstack/react-query';
import { qk } from '../query-keys';
import { getPublicSettings } from '../settings';

/** Public instance settings (sign-up policy, password sign-in, modules); they change rarely. */
export function usePublicSettings() {
  return useQuery({ queryKey: qk.publicSettings, queryFn: getPublicSettings, staleTime: 60_000 });
}
