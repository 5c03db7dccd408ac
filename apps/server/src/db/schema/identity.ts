import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** An account at a sign-in provider (OIDC issuer, GitHub) linked to a user: `(provider, subject)` is unique. */
export const userIdentities = pgTable(
  'user_identities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    /** The provider's stable id for the account (`sub` claim, GitHub user id). */
    subject: text('subject').notNull(),
    /** The email the provider vouched for at link time (for the admin's eyes; sign-in matches on subject). */
    email: text('email'),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSignInAt: ts('last_sign_in_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('user_identities_subject_idx').on(t.provider, t.subject),
    index('user_identities_user_idx').on(t.userId),
  ],
);

/**
 * A single sign-on attempt between "Sign in with …" and the provider's callback: its `state` (stored hashed), the
 * nonce and PKCE verifier to check the answer with, and a hash of the cookie that binds it to the browser that
 * started it (so a callback link cannot be replayed in another browser). `usedAt` makes it single-use.
 */
export const signInFlows = pgTable(
  'sign_in_flows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provider: text('provider').notNull(),
    stateHash: text('state_hash').notNull(),
    browserHash: text('browser_hash').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    /** Where the web app goes after signing in (a path on this origin). */
    returnTo: text('return_to').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [
    uniqueIndex('sign_in_flows_state_idx').on(t.stateHash),
    index('sign_in_flows_expires_idx').on(t.expiresAt),
  ],
);

/** Single-use links sent by email: password reset (1 h) and email verification. Stored as sha256. */
export const emailTokens = pgTable(
  'email_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['password_reset', 'email_verification'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The address the link was sent to: verifying proves this one, not whatever the account holds later. */
    email: text('email').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [uniqueIndex('email_tokens_hash_idx').on(t.tokenHash), index('email_tokens_user_idx').on(t.userId)],
);

/**
 * The dev mailbox: without SMTP_URL every outgoing message is kept here (and its links logged) so air-gapped
 * installs can still invite and reset; instance admins read it at `/api/admin/mail`.
 */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('mail_messages_created_idx').on(t.createdAt)],
);
