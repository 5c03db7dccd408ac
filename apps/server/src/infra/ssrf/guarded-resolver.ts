import { promises as dns } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { parseIp } from './classify-address';
import {
  assertUrlAllowed,
  checkAddress,
  checkHostname,
  forbidden,
  isHostAllowListed,
  type SsrfPolicy,
} from './policy';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** The DNS seam: hostname → every address it resolves to. Injected in tests, `dns.lookup` otherwise. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolve: Resolve = async (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

export interface GuardedResolver {
  /** For `createNodeTransport({ lookup })`: resolve once, check every answer, return the checked address. */
  lookup(hostname: string): Promise<ResolvedAddress>;
  /** Vet the first URL and every redirect hop (scheme, literal IPs, metadata names). Throws TARGET_FORBIDDEN. */
  checkUrl(url: string): void;
  /** The last refusal, so a transport error caused by the guard can be reported as TARGET_FORBIDDEN. */
  readonly lastRefusal: Error | null;
}

/** How long one resolution is reused; the connection always goes to the address that was checked. */
const PIN_TTL_MS = 60_000;

/**
 * A resolver bound to a policy. Each hostname is resolved once per TTL and the answer is pinned: every
 * connection to that host uses the checked address, so a DNS answer that flips from public to private
 * (rebinding) never reaches the private address.
 */
export function createGuardedResolver(policy: SsrfPolicy, resolve: Resolve = systemResolve): GuardedResolver {
  const pinned = new Map<string, { at: number; answer: Promise<ResolvedAddress> }>();
  let lastRefusal: Error | null = null;

  function refuse(error: Error): never {
    lastRefusal = error;
    throw error;
  }

  async function resolveAndCheck(hostname: string): Promise<ResolvedAddress> {
    const nameVerdict = checkHostname(policy, hostname);
    if (!nameVerdict.ok) {
      refuse(forbidden(nameVerdict, hostname));
    }
    const literal = parseIp(hostname);
    if (literal) {
      return { address: literal.toString(), family: literal.kind() === 'ipv4' ? 4 : 6 };
    }
    const answers = await resolve(hostname);
    if (answers.length === 0) {
      refuse(forbidden({ ok: false, category: 'hostname', reason: `${hostname} did not resolve` }, hostname));
    }
    if (!isHostAllowListed(policy, hostname)) {
      // Every answer is checked: a name that resolves to both a public and a private address is refused.
      for (const answer of answers) {
        const verdict = checkAddress(policy, answer.address);
        if (!verdict.ok) {
          refuse(forbidden({ ...verdict, reason: `${hostname} resolves to ${verdict.reason}` }, hostname));
        }
      }
    }
    const first = answers[0];
    if (!first) {
      return refuse(new Error('unreachable'));
    }
    return first;
  }

  return {
    lookup(hostname) {
      const now = Date.now();
      const hit = pinned.get(hostname);
      if (hit && now - hit.at < PIN_TTL_MS) {
        return hit.answer;
      }
      const answer = resolveAndCheck(hostname);
      pinned.set(hostname, { at: now, answer });
      // Refusals are not cached as pins, but the rejected promise is returned to this caller.
      answer.catch(() => pinned.delete(hostname));
      return answer;
    },
    checkUrl(url) {
      try {
        assertUrlAllowed(policy, url);
      } catch (error) {
        lastRefusal = error instanceof Error ? error : new Error(String(error));
        throw error;
      }
    },
    get lastRefusal() {
      return lastRefusal;
    },
  };
}

/** Adapt the promise lookup to the callback form `net.connect`/undici expect (incl. `all: true`). */
export function toNetLookup(lookup: (hostname: string) => Promise<ResolvedAddress>): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname).then(
      ({ address, family }) => {
        if (options.all) {
          callback(null, [{ address, family }]);
        } else {
          callback(null, address, family);
        }
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
}
