// From a captured frame to the IP packet inside it, for the link types tcpdump, Wireshark and
// dumpcap write for loopback and ordinary interfaces. Anything else is 'link-type'; frames that
// carry no IP (ARP, LLDP…) are 'not-ip'.

export type LinkResult =
  | { readonly ok: true; readonly ip: Buffer }
  | { readonly ok: false; readonly reason: 'link-type' | 'not-ip' | 'malformed' };

const ETHERNET = 1;
const NULL_LOOPBACK = 0;
const LOOP = 108;
const RAW = 101;
const RAW_OLD = 12;
const RAW_IPV4 = 228;
const RAW_IPV6 = 229;
const SLL = 113;
const SLL2 = 276;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);
/** AF_INET everywhere; AF_INET6 on Linux, the BSDs, and macOS. */
const AF_INET = 2;
const AF_INET6 = new Set([10, 24, 28, 30]);

const NOT_IP: LinkResult = { ok: false, reason: 'not-ip' };
const MALFORMED: LinkResult = { ok: false, reason: 'malformed' };

export function isSupportedLinkType(linkType: number): boolean {
  return [ETHERNET, NULL_LOOPBACK, LOOP, RAW, RAW_OLD, RAW_IPV4, RAW_IPV6, SLL, SLL2].includes(
    linkType,
  );
}

export function ipOfFrame(linkType: number, frame: Buffer): LinkResult {
  switch (linkType) {
    case ETHERNET:
      return ethernet(frame);
    case NULL_LOOPBACK:
    case LOOP:
      return loopback(frame);
    case RAW:
    case RAW_OLD:
    case RAW_IPV4:
    case RAW_IPV6:
      return { ok: true, ip: frame };
    case SLL:
      return frame.length < 16 ? MALFORMED : byEtherType(frame.readUInt16BE(14), frame, 16);
    case SLL2:
      return frame.length < 20 ? MALFORMED : byEtherType(frame.readUInt16BE(0), frame, 20);
    default:
      return { ok: false, reason: 'link-type' };
  }
}

function ethernet(frame: Buffer): LinkResult {
  let at = 12;
  for (;;) {
    if (frame.length < at + 2) return MALFORMED;
    const type = frame.readUInt16BE(at);
    if (!VLAN_TAGS.has(type)) return byEtherType(type, frame, at + 2);
    at += 4;
  }
}

function byEtherType(type: number, frame: Buffer, at: number): LinkResult {
  if (type !== ETHERTYPE_IPV4 && type !== ETHERTYPE_IPV6) return NOT_IP;
  return { ok: true, ip: frame.subarray(at) };
}

/** The family is a host-order 32-bit word (NULL) or network order (LOOP); accept either. */
function loopback(frame: Buffer): LinkResult {
  if (frame.length < 4) return MALFORMED;
  const le = frame.readUInt32LE(0);
  const family = le < 0x10000 ? le : frame.readUInt32BE(0);
  if (family === AF_INET || AF_INET6.has(family)) return { ok: true, ip: frame.subarray(4) };
  return NOT_IP;
}
