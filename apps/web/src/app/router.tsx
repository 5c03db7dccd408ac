import { lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import { restoreSession } from '../api/session';
import { useAuthStore } from '../stores/auth-store';

const SignInPage = lazy(() => import('../routes/sign-in-page').then((m) => ({ default: m.SignInPage })));
const SignUpPage = lazy(() => import('../routes/sign-up-page').then((m) => ({ default: m.SignUpPage })));
const ResetPasswordPage = lazy(() =>
  import('../routes/reset-password-page').then((m) => ({ default: m.ResetPasswordPage })),
);
const VerifyEmailPage = lazy(() =>
  import('../routes/verify-email-page').then((m) => ({ default: m.VerifyEmailPage })),
);
const AcceptInvitePage = lazy(() =>
  import('../routes/accept-invite-page').then((m) => ({ default: m.AcceptInvitePage })),
);
const HomeRedirect = lazy(() => import('../routes/home-redirect').then((m) => ({ default: m.HomeRedirect })));
const WorkspaceLayout = lazy(() =>
  import('../routes/workspace-layout').then((m) => ({ default: m.WorkspaceLayout })),
);
const PlaygroundPage = lazy(() =>
  import('../features/playground/playground-page').then((m) => ({ default: m.PlaygroundPage })),
);
const EnvironmentsPage = lazy(() =>
  import('../features/environments/environments-page').then((m) => ({ default: m.EnvironmentsPage })),
);
const RunnerPage = lazy(() =>
  import('../features/runner/runner-page').then((m) => ({ default: m.RunnerPage })),
);
const LoadPage = lazy(() => import('../features/load/load-page').then((m) => ({ default: m.LoadPage })));
const MembersPage = lazy(() =>
  import('../features/members/members-page').then((m) => ({ default: m.MembersPage })),
);
const RunsPage = lazy(() => import('../features/runs/runs-page').then((m) => ({ default: m.RunsPage })));
const RunDetailPage = lazy(() =>
  import('../features/runs/run-detail-page').then((m) => ({ default: m.RunDetailPage })),
);
const HistoryPage = lazy(() =>
  import('../features/history/history-page').then((m) => ({ default: m.HistoryPage })),
);
const ApiKeysPage = lazy(() =>
  import('../features/api-keys/api-keys-page').then((m) => ({ default: m.ApiKeysPage })),
);
const AdminPage = lazy(() => import('../features/admin/admin-page').then((m) => ({ default: m.AdminPage })));
const SettingsPage = lazy(() =>
  import('../features/settings/settings-page').then((m) => ({ default: m.SettingsPage })),
);

function Loading() {
  return (
    <div className="flex h-full items-center justify-center text-zinc-500 dark:text-zinc-400" role="status">
      Loading…
    </div>
  );
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/**
 * Only signed-in users pass; others go to sign-in and come back after. A freshly loaded page first restores the
 * session from the refresh cookie (the access token lives in memory only).
 */
function RequireAuth() {
  const tokens = useAuthStore((s) => s.tokens);
  const location = useLocation();
  const [restored, setRestored] = useState(tokens !== null);
  useEffect(() => {
    if (!restored) {
      void restoreSession().finally(() => setRestored(true));
    }
  }, [restored]);
  if (!tokens) {
    if (!restored) {
      return <Loading />;
    }
    return (
      <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  }
  return <Outlet />;
}

export const router = createBrowserRouter([
  {
    path: '/signin',
    element: (
      <Lazy>
        <SignInPage />
      </Lazy>
    ),
  },
  {
    path: '/signup',
    element: (
      <Lazy>
        <SignUpPage />
      </Lazy>
    ),
  },
  {
    path: '/reset-password',
    element: (
      <Lazy>
        <ResetPasswordPage />
      </Lazy>
    ),
  },
  {
    path: '/verify-email',
    element: (
      <Lazy>
        <VerifyEmailPage />
      </Lazy>
    ),
  },
  {
    element: <RequireAuth />,
    children: [
      {
        path: '/',
        element: (
          <Lazy>
            <HomeRedirect />
          </Lazy>
        ),
      },
      {
        path: '/admin',
        element: (
          <Lazy>
            <AdminPage />
          </Lazy>
        ),
      },
      {
        path: '/invite/:token',
        element: (
          <Lazy>
            <AcceptInvitePage />
          </Lazy>
        ),
      },
      {
        path: '/w/:wid',
        element: (
          <Lazy>
            <WorkspaceLayout />
          </Lazy>
        ),
        children: [
          {
            index: true,
            element: (
              <Lazy>
                <PlaygroundPage />
              </Lazy>
            ),
          },
          {
            path: 'environments',
            element: (
              <Lazy>
                <EnvironmentsPage />
              </Lazy>
            ),
          },
          {
            path: 'runner',
            element: (
              <Lazy>
                <RunnerPage />
              </Lazy>
            ),
          },
          {
            path: 'runs',
            element: (
              <Lazy>
                <RunsPage />
              </Lazy>
            ),
          },
          {
            path: 'runs/:runId',
            element: (
              <Lazy>
                <RunDetailPage />
              </Lazy>
            ),
          },
          {
            path: 'history',
            element: (
              <Lazy>
                <HistoryPage />
              </Lazy>
            ),
          },
          {
            path: 'api-keys',
            element: (
              <Lazy>
                <ApiKeysPage />
              </Lazy>
            ),
          },
          {
            path: 'load',
            element: (
              <Lazy>
                <LoadPage />
              </Lazy>
            ),
          },
          {
            path: 'members',
            element: (
              <Lazy>
                <MembersPage />
              </Lazy>
            ),
          },
          {
            path: 'settings',
            element: (
              <Lazy>
                <SettingsPage />
              </Lazy>
            ),
          },
        ],
      },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);
