import ipaddr from 'ipaddr.js';

/** Why an address is (not) a safe request target. Only `public` is reachable in server mode. */
export type AddressCategory =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'multicast'
  | 'broadcast'
  | 'unspecified'
  | 'reserved'
  | 'metadata';

/** Cloud instance-metadata endpoints; refused even when private targets are allowed. */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254', // AWS, GCP, Azure, DigitalOcean, OpenStack
  '169.254.170.2', // AWS ECS task metadata
  '100.100.100.200', // Alibaba Cloud
  '192.0.0.192', // Oracle Cloud
  'fd00:ec2::254', // AWS IMDS over IPv6
]);

const V4_CATEGORY: Record<string, AddressCategory> = {
  unicast: 'public',
  loopback: 'loopback',
  private: 'private',
  linkLocal: 'link-local',
  carrierGradeNat: 'cgnat',
  multicast: 'multicast',
  broadcast: 'broadcast',
  unspecified: 'unspecified',
};

const V6_CATEGORY: Record<string, AddressCategory> = {
  unicast: 'public',
  loopback: 'loopback',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
  linkLocal: 'link-local',
  multicast: 'multicast',
  unspecified: 'unspecified',
};

/** Parse any textual IP form (dotted, decimal `2130706433`, hex `0x7f.1`, octal, short `127.1`, IPv6). */
export function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!ipaddr.isValid(bare)) {
    return null;
  }
  try {
    return ipaddr.parse(bare);
  } catch {
    return null;
  }
}

function classifyV4(ip: ipaddr.IPv4): AddressCategory {
  if (METADATA_ADDRESSES.has(ip.toString())) {
    return 'metadata';
  }
  // Anything ipaddr.js names that is not listed (reserved, benchmarking, as112, amt, …) is not a public host.
  return V4_CATEGORY[ip.range()] ?? 'reserved';
}

/** The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), if any. */
function embeddedV4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = ip.range();
  const bytes = ip.toByteArray();
  if (range === 'ipv4Mapped') {
    return ip.toIPv4Address();
  }
  if (range === 'rfc6052' || range === 'rfc6145') {
    return new ipaddr.IPv4(bytes.slice(12, 16));
  }
  if (range === '6to4') {
    return new ipaddr.IPv4(bytes.slice(2, 6));
  }
  return null;
}

/** Classify an IP address given as text. Text that is not an IP is `reserved` (never connectable). */
export function classifyAddress(text: string): AddressCategory {
  const ip = parseIp(text);
  if (!ip) {
    return 'reserved';
  }
  if (ip.kind() === 'ipv4') {
    return classifyV4(ip as ipaddr.IPv4);
  }
  const v6 = ip as ipaddr.IPv6;
  // Zone ids (fe80::1%eth0) do not change the class; compare without them.
  if (
    METADATA_ADDRESSES.has(v6.toNormalizedString().replace(/%.*$/, '')) ||
    METADATA_ADDRESSES.has(v6.toString())
  ) {
    return 'metadata';
  }
  const v4 = embeddedV4(v6);
  if (v4) {
    return classifyV4(v4);
  }
  return V6_CATEGORY[v6.range()] ?? 'reserved';
}
