import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { ConfirmHost } from '../components/ui/confirm-host';
import { Toaster } from '../components/ui/toaster';
import { createQueryClient } from './query-client';
import { router } from './router';
import { ThemeSync } from './theme';

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <ThemeSync />
      <RouterProvider router={router} />
      <Toaster />
      <ConfirmHost />
    </QueryClientProvider>
  );
}
