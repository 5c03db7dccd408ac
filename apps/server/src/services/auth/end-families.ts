import type { AppContext } from '../../context';
import { familyKey } from '../../infra/token-blacklist';
import { ACCESS_TOKEN_TTL_SECONDS } from '../../lib/access-tokens';

/** A family whose last access token was minted at `lastUsedAt`: older than one token lifetime, none is alive. */
export interface EndedFamily {
  id: string;
  lastUsedAt: Date;
}

/**
 * Called after refresh-token families were revoked (committed): every access token they minted stops working at
 * once (the family is blacklisted for one token lifetime), and every instance re-checks the user's open `/ws`
 * streams. Families idle for longer than a token lifetime hold no live token and are skipped.
 */
export async function endFamilies(
  ctx: Pick<AppContext, 'blacklist' | 'authChanges'>,
  userId: string,
  families: readonly EndedFamily[],
  now = Date.now(),
): Promise<void> {
  const exp = Math.ceil(now / 1000) + ACCESS_TOKEN_TTL_SECONDS;
  const horizon = now - (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000;
  for (const family of families) {
    if (family.lastUsedAt.getTime() >= horizon) {
      await ctx.blacklist.add(familyKey(family.id), exp);
    }
  }
  // Awaited: the caller answers only once every instance has been sent the notice (see verified-tokens.ts).
  await ctx.authChanges.publish(userId);
}
