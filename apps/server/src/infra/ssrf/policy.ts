import { AppError } from '@apiplay/core';
import ipaddr from 'ipaddr.js';
import { BUILTIN_HOST, type BuiltinTargetsAddress, checkBuiltinUrl, isBuiltinHost } from './builtin-targets';
import { type AddressCategory, classifyAddress, parseIp } from './classify-address';

/** Hard caps on every server-side execution, whatever the request's own settings say. */
export const EXECUTION_CAPS = {
  timeoutMs: 30_000,
  maxResponseBytes: 50 * 1024 * 1024,
  maxRedirects: 10,
} as const;

export interface SsrfPolicyOptions {
  /** Allow loopback/private/link-local/… targets (embedded mode default). Metadata stays refused. */
  allowPrivate: boolean;
  /** Hostnames (`api.corp`, `*.corp`), IPs or CIDRs (`10.1.0.0/16`) that are always allowed. */
  allowedHosts?: string[];
  /** This server's own socket, where `http://apiplay.internal` (the built-in targets) connects; null: not yet known. */
  builtinTargets?: BuiltinTargetsAddress | null;
}

export interface SsrfPolicy {
  readonly allowPrivate: boolean;
  readonly hostPatterns: readonly string[];
  readonly cidrs: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
  /** Where the built-in targets are reached; set once the server listens (its port may be chosen by the OS). */
  readonly builtin: { address: BuiltinTargetsAddress | null };
}

export type SsrfVerdict =
  | { ok: true }
  | { ok: false; category: AddressCategory | 'scheme' | 'hostname'; reason: string };

/** Names that reach metadata services or the host itself without looking like an IP. */
const METADATA_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);
const ALLOWED_SCHEMES = new Set(['http:', 'https:']);

/** Where a connection to `origin` goes instead of resolving it: the built-in targets' own socket, else undefined. */
export function builtinConnectTo(
  policy: SsrfPolicy,
  origin: { protocol: string; hostname: string; port: string },
): BuiltinTargetsAddress | undefined {
  const address = policy.builtin.address;
  if (address === null || origin.protocol !== 'http:' || !isBuiltinHost(origin.hostname)) {
    return undefined;
  }
  return origin.port === '' || origin.port === '80' ? address : undefined;
}

function normalizeHost(hostname: string): string {
  const lower = hostname.toLowerCase();
  const bare = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
  // `localhost.` and `localhost` are the same name to a resolver.
  return bare.endsWith('.') ? bare.slice(0, -1) : bare;
}

/** Build a policy from config (`EXECUTION_ALLOW_PRIVATE`, `EXECUTION_ALLOWED_HOSTS`). */
export function createSsrfPolicy(options: SsrfPolicyOptions): SsrfPolicy {
  const hostPatterns: string[] = [];
  const cidrs: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of options.allowedHosts ?? []) {
    const entry = raw.trim().toLowerCase();
    if (!entry) {
      continue;
    }
    if (entry.includes('/') && ipaddr.isValidCIDR(entry)) {
      cidrs.push(ipaddr.parseCIDR(entry));
      continue;
    }
    const ip = parseIp(entry);
    if (ip) {
      cidrs.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
      continue;
    }
    hostPatterns.push(normalizeHost(entry));
  }
  return {
    allowPrivate: options.allowPrivate,
    hostPatterns,
    cidrs,
    builtin: { address: options.builtinTargets ?? null },
  };
}

/** True when the hostname is explicitly allow-listed (exact or `*.suffix`). */
export function isHostAllowListed(policy: SsrfPolicy, hostname: string): boolean {
  const host = normalizeHost(hostname);
  return policy.hostPatterns.some((pattern) =>
    pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern,
  );
}

function inAllowedCidr(policy: SsrfPolicy, address: string): boolean {
  const ip = parseIp(address);
  if (!ip) {
    return false;
  }
  return policy.cidrs.some(([range, bits]) => {
    if (range.kind() === ip.kind()) {
      return ip.match([range, bits] as [typeof ip, number]);
    }
    // Compare IPv4 ranges against IPv4-mapped IPv6 answers too.
    if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
      return (ip as ipaddr.IPv6).toIPv4Address().match([range as ipaddr.IPv4, bits]);
    }
    return false;
  });
}

/** Check one resolved (or literal) address. */
export function checkAddress(policy: SsrfPolicy, address: string): SsrfVerdict {
  if (inAllowedCidr(policy, address)) {
    return { ok: true };
  }
  const category = classifyAddress(address);
  if (category === 'public') {
    return { ok: true };
  }
  if (policy.allowPrivate && category !== 'metadata') {
    return { ok: true };
  }
  return { ok: false, category, reason: `${address} is a ${category} address` };
}

/** Hostnames remembered per policy; past this many the memo starts over (a policy never changes). */
const HOST_VERDICTS_MAX = 1024;
const hostVerdicts = new WeakMap<SsrfPolicy, Map<string, SsrfVerdict>>();

/**
 * Check a hostname before any DNS: IP literals in every notation, metadata names, localhost. The verdict depends
 * only on the policy and the name, so it is remembered: classifying parses the name as an IP up to three times
 * (≈10–20 µs), for every request and redirect hop to the same host.
 */
export function checkHostname(policy: SsrfPolicy, hostname: string): SsrfVerdict {
  let verdicts = hostVerdicts.get(policy);
  if (verdicts === undefined) {
    verdicts = new Map();
    hostVerdicts.set(policy, verdicts);
  }
  const known = verdicts.get(hostname);
  if (known !== undefined) {
    return known;
  }
  const verdict = Object.freeze(classifyHostname(policy, hostname));
  if (verdicts.size >= HOST_VERDICTS_MAX) {
    verdicts.clear();
  }
  verdicts.set(hostname, verdict);
  return verdict;
}

function classifyHostname(policy: SsrfPolicy, hostname: string): SsrfVerdict {
  const host = normalizeHost(hostname);
  if (isHostAllowListed(policy, host)) {
    return { ok: true };
  }
  if (parseIp(host)) {
    return checkAddress(policy, host);
  }
  if (isBuiltinHost(host)) {
    // Never resolved (a search domain could turn it into anything): only `checkUrl` + `connectTo` reach it.
    return { ok: false, category: 'hostname', reason: `${BUILTIN_HOST} is not resolved by name` };
  }
  if (METADATA_NAMES.has(host)) {
    return { ok: false, category: 'metadata', reason: `${host} is a cloud metadata service` };
  }
  if (!policy.allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) {
    return { ok: false, category: 'loopback', reason: `${host} is the server itself` };
  }
  return { ok: true };
}

/** Check a URL (the first request and every redirect hop). */
export function checkUrl(policy: SsrfPolicy, url: string): SsrfVerdict {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, category: 'hostname', reason: `"${url}" is not a valid URL` };
  }
  if (!ALLOWED_SCHEMES.has(parsed.protocol)) {
    return { ok: false, category: 'scheme', reason: `${parsed.protocol} URLs cannot be requested` };
  }
  if (isBuiltinHost(parsed.hostname)) {
    const verdict = checkBuiltinUrl(parsed, policy.builtin.address);
    return verdict.ok ? verdict : { ok: false, category: 'hostname', reason: verdict.reason };
  }
  return checkHostname(policy, parsed.hostname);
}

/** Turn a refusal into the API error. */
export function forbidden(verdict: Exclude<SsrfVerdict, { ok: true }>, target: string): AppError {
  return new AppError('TARGET_FORBIDDEN', `Request target refused: ${verdict.reason}`, {
    target,
    category: verdict.category,
  });
}

/** Throw TARGET_FORBIDDEN unless the URL may be requested. */
export function assertUrlAllowed(policy: SsrfPolicy, url: string): void {
  const verdict = checkUrl(policy, url);
  if (!verdict.ok) {
    throw forbidden(verdict, url);
  }
}
