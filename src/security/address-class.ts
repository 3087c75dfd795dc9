/** What an IP address is, for the SSRF rule: only 'public' addresses may be fetched by default. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'multicast'
  | 'unspecified'
  | 'reserved'
  | 'invalid';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/** [first address as uint32, prefix length, class]; checked in order, first match wins. */
const IPV4_RANGES: [number, number, AddressClass][] = [
  [v4(0, 0, 0, 0), 8, 'unspecified'], // "this network", incl. 0.0.0.0
  [v4(10, 0, 0, 0), 8, 'private'],
  [v4(100, 64, 0, 0), 10, 'private'], // carrier-grade NAT
  [v4(127, 0, 0, 0), 8, 'loopback'],
  [v4(169, 254, 0, 0), 16, 'link-local'], // incl. cloud metadata 169.254.169.254
  [v4(172, 16, 0, 0), 12, 'private'],
  [v4(192, 0, 0, 0), 24, 'reserved'],
  [v4(192, 0, 2, 0), 24, 'reserved'],
  [v4(192, 88, 99, 0), 24, 'reserved'],
  [v4(192, 168, 0, 0), 16, 'private'],
  [v4(198, 18, 0, 0), 15, 'reserved'],
  [v4(198, 51, 100, 0), 24, 'reserved'],
  [v4(203, 0, 113, 0), 24, 'reserved'],
  [v4(224, 0, 0, 0), 4, 'multicast'],
  [v4(240, 0, 0, 0), 4, 'reserved'], // incl. 255.255.255.255
];

function v4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

function parseIpv4(text: string): number | null {
  const match = IPV4.exec(text);
  if (match === null) return null;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const part = match[i] ?? '';
    if (part.length > 1 && part.startsWith('0')) return null; // octal-looking parts are ambiguous
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

function classifyIpv4(value: number): AddressClass {
  for (const [base, prefix, kind] of IPV4_RANGES) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    if (((value & mask) >>> 0) === base) return kind;
  }
  return 'public';
}

/** Eight 16-bit groups, or null. Accepts "::" compression, a trailing dotted IPv4 and a zone id ("%eth0"). */
function parseIpv6(text: string): number[] | null {
  const zone = text.indexOf('%');
  const address = zone === -1 ? text : text.slice(0, zone);
  if (address.length === 0 || address.length > 45) return null;
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parseSide = (side: string, allowV4: boolean): number[] | null => {
    if (side === '') return [];
    const groups: number[] = [];
    const pieces = side.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? '';
      if (allowV4 && i === pieces.length - 1 && piece.includes('.')) {
        const embedded = parseIpv4(piece);
        if (embedded === null) return null;
        groups.push(embedded >>> 16, embedded & 0xffff);
      } else if (HEX_GROUP.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return groups;
  };
  if (halves.length === 1) {
    const groups = parseSide(address, true);
    return groups !== null && groups.length === 8 ? groups : null;
  }
  const head = parseSide(halves[0] ?? '', false);
  const tail = parseSide(halves[1] ?? '', true);
  if (head === null || tail === null || head.length + tail.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

function embeddedIpv4(groups: number[], at: number): number {
  return (((groups[at] ?? 0) << 16) >>> 0) + (groups[at + 1] ?? 0);
}

function classifyIpv6(g: number[]): AddressClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (upperZero && g5 === 0 && g6 === 0 && g7 === 0) return 'unspecified';
  if (upperZero && g5 === 0 && g6 === 0 && g7 === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-translated (::ffff:0:a.b.c.d) reach the IPv4 host itself.
  if (upperZero && g5 === 0xffff) return classifyIpv4(embeddedIpv4(g, 6));
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0) return classifyIpv4(embeddedIpv4(g, 6));
  // IPv4-compatible (deprecated) ::a.b.c.d
  if (upperZero && g5 === 0) return 'reserved';
  // NAT64 64:ff9b::/96 and 6to4 2002::/16 carry an IPv4 address a gateway will connect to.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classifyIpv4(embeddedIpv4(g, 6));
  if (g0 === 0x2002) return classifyIpv4(embeddedIpv4(g, 1));
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // deprecated site-local
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved'; // documentation
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return 'reserved'; // discard-only
  if (g0 === 0x2001 && g1 < 0x0200) return 'reserved'; // IETF protocol assignments (Teredo, ORCHID ...)
  return 'public';
}

/** Classifies an IP address string (v4 dotted quad, or v6 with optional brackets and zone); 'invalid' when it is neither. */
export function classifyAddress(address: string): AddressClass {
  if (typeof address !== 'string') return 'invalid';
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const ipv4 = parseIpv4(bare);
  if (ipv4 !== null) return classifyIpv4(ipv4);
  if (!bare.includes(':')) return 'invalid';
  const ipv6 = parseIpv6(bare);
  return ipv6 === null ? 'invalid' : classifyIpv6(ipv6);
}

/** True when the string is an IP literal (v4 or v6, brackets allowed) rather than a host name. */
export function isIpLiteral(host: string): boolean {
  return classifyAddress(host) !== 'invalid';
}
