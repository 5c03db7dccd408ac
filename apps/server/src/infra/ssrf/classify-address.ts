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

/** The IPv4 address in four bytes of an IPv6 address (RFC 6052's /48–/64 layouts skip the `u` byte, 8). */
function v4At(bytes: readonly number[], at: readonly [number, number, number, number]): ipaddr.IPv4 {
  return new ipaddr.IPv4(at.map((i) => bytes[i] ?? 0));
}

/**
 * Every IPv4 address an IPv6 address may stand for: IPv4-mapped (`::ffff:a.b.c.d`), IPv4-translated
 * (`::ffff:0:a.b.c.d`), IPv4-compatible (`::a.b.c.d`, which URL parsers rewrite to `::7f00:1`), NAT64 (the
 * well-known `64:ff9b::/96`, and the local-use `64:ff9b:1::/48` in each RFC 6052 layout, since its operator
 * picks the prefix length), 6to4 (`2002:a.b.c.d::/16`) and Teredo (the client's address, bit-inverted, in the
 * last four bytes; the server's in bytes 4–7). The address is refused when any of them is not public.
 */
function embeddedV4(ip: ipaddr.IPv6): ipaddr.IPv4[] {
  const range = ip.range();
  const bytes = ip.toByteArray();
  const last: [number, number, number, number] = [12, 13, 14, 15];
  switch (range) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return [v4At(bytes, last)];
    case '6to4':
      return [v4At(bytes, [2, 3, 4, 5])];
    case 'teredo':
      return [new ipaddr.IPv4(bytes.slice(12, 16).map((b) => b ^ 0xff)), v4At(bytes, [4, 5, 6, 7])];
    case 'rfc6052': {
      const wellKnown = bytes[4] === 0 && bytes[5] === 0;
      if (wellKnown) {
        return [v4At(bytes, last)];
      }
      // 64:ff9b:1::/48 with a prefix of /48, /56, /64 or /96 (RFC 6052 section 2.2).
      return [
        v4At(bytes, [6, 7, 9, 10]),
        v4At(bytes, [7, 9, 10, 11]),
        v4At(bytes, [9, 10, 11, 12]),
        v4At(bytes, last),
      ];
    }
    default:
      break;
  }
  // IPv4-compatible: 96 zero bits, then the IPv4 address (:: and ::1 are ranges of their own).
  if (range === 'unicast' && bytes.slice(0, 12).every((b) => b === 0)) {
    return [v4At(bytes, last)];
  }
  return [];
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
  const embedded = embeddedV4(v6).map(classifyV4);
  if (embedded.length > 0) {
    // A layout that reads only zero-fill (0.0.0.0/8) is not the one in use, unless every layout does.
    const meaningful = embedded.filter((category) => category !== 'unspecified');
    return meaningful.length === 0 ? 'unspecified' : (meaningful.find((c) => c !== 'public') ?? 'public');
  }
  return V6_CATEGORY[v6.range()] ?? 'reserved';
}
