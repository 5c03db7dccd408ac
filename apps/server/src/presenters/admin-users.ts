import type { TAdminUser } from '@apiplay/core';
import type { AppConfig } from '../config/env';
import type { UserRow } from './users';

/** A user as the admin panel shows it; `isAdmin` counts ADMIN_EMAILS too. */
export function presentAdminUser(
  config: Pick<AppConfig, 'adminEmails'>,
  u: UserRow,
  workspaces: number,
): TAdminUser {
  const adminFromEnv = config.adminEmails.includes(u.email);
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    active: u.active,
    isAdmin: u.isAdmin || adminFromEnv,
    adminFromEnv,
    workspaces,
    createdAt: u.createdAt.toISOString(),
  };
}
