import type { TUser } from '@apiplay/core';
import type { users } from '../db/schema';

export type UserRow = typeof users.$inferSelect;

/** The public shape of a user (never the hash). */
export function presentUser(u: UserRow): TUser {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    avatarUrl: u.avatarUrl,
    isAdmin: u.isAdmin,
    emailVerified: u.emailVerifiedAt !== null,
    createdAt: u.createdAt.toISOString(),
  };
}
