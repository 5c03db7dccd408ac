import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/api-error';
import { toast } from '../stores/toast-store';

function report(error: unknown) {
  if (error instanceof ApiError) {
    // The API client already toasted the server's message (or the failure was an abort / lost session).
    return;
  }
  toast.error(error instanceof Error ? error.message : 'Something went wrong');
}

/** Server state cache; every failed query or mutation becomes a toast carrying the server's message. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: report }),
    mutationCache: new MutationCache({ onError: report }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        retry: (count, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
  });
}
