import { BlockList, isIPv4, isIPv6 } from 'node:net'

/** IPv4 ranges that are not globally reachable (IANA special-purpose registry, RFC 6890). */
const ipv4Special = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", includes the unspecified address
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast
] as const) {
  ipv4Special.addSubnet(net, prefix, 'ipv4')
}

/** Global unicast: the only IPv6 space that holds public hosts; everything outside is refused. */
const ipv6Global = new BlockList()
ipv6Global.addSubnet('2000::', 3, 'ipv6')

/** Special ranges inside global unicast. */
const ipv6Special = new BlockList()
ipv6Special.addSubnet('2001::', 23, 'ipv6') // IETF protocol assignments: Teredo, ORCHID, benchmarking
ipv6Special.addSubnet('2001:db8::', 32, 'ipv6') // documentation
ipv6Special.addSubnet('3fff::', 20, 'ipv6') // documentation (RFC 9637)

/** The 16 bytes of a valid IPv6 literal (as `net.isIPv6` accepts it, without a zone). */
function ipv6Bytes(ip: string): Uint8Array {
  let text = ip
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number)
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)))
  const left = groups(head)
  const right = tail === undefined ? [] : groups(tail)
  const all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right]
  const bytes = new Uint8Array(16)
  all.forEach((g, i) => {
    bytes[i * 2] = g >> 8
    bytes[i * 2 + 1] = g & 0xff
  })
  return bytes
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  prefix.every((b, i) => bytes[i] === b)

const ipv4At = (bytes: Uint8Array, at: number) => Array.from(bytes.subarray(at, at + 4)).join('.')

/**
 * The IPv4 address an IPv6 address stands for, where it embeds one that routers or NAT64 gateways
 * would reach: IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96` and 6to4 `2002::/16`. Such an
 * address is judged by its IPv4 address, so `[::ffff:127.0.0.1]` is loopback.
 */
function embeddedIpv4(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])) return ipv4At(bytes, 12)
  if (startsWith(bytes, [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) return ipv4At(bytes, 12)
  if (startsWith(bytes, [0x20, 0x02])) return ipv4At(bytes, 2)
  return undefined
}

/**
 * Whether an IP address (no brackets, no zone) is a public host that Kinora may connect to on a
 * user's behalf (spec §2.4: no connections with private, loopback or link-local addresses). Refuses
 * private, loopback, link-local, CGNAT, multicast, unspecified, documentation, benchmarking and
 * reserved ranges of both families, IPv6 outside global unicast (ULA `fc00::/7`, `fe80::/10`, `::1`,
 * `::`), and IPv6 forms that embed such an IPv4 address. Anything that is not an IP literal is
 * refused too, so a caller can never pass a host name by mistake.
 */
export function isPublicAddress(ip: string): boolean {
  if (isIPv4(ip)) return !ipv4Special.check(ip, 'ipv4')
  if (!isIPv6(ip) || ip.includes('%')) return false
  const v4 = embeddedIpv4(ipv6Bytes(ip))
  if (v4 !== undefined) return !ipv4Special.check(v4, 'ipv4')
  return ipv6Global.check(ip, 'ipv6') && !ipv6Special.check(ip, 'ipv6')
}
