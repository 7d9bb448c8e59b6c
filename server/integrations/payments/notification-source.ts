import { BlockList, isIP } from "node:net";

/** Whether a notification's source address is one of the provider's published ranges. */
export interface NotificationSource {
  allows(ip: string): boolean;
}

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** `185.71.76.0/27`, `2a02:5180::/32`, …; an IPv4-mapped IPv6 source matches its IPv4 range. */
export function createNotificationSource(cidrs: string[]): NotificationSource {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address = "", prefix = ""] = cidr.split("/");
    const family = isIP(address);
    if (family === 0) throw new Error(`not an address range: ${cidr}`);
    list.addSubnet(address, Number(prefix), family === 4 ? "ipv4" : "ipv6");
  }
  return {
    allows(ip) {
      const mapped = MAPPED_IPV4.exec(ip)?.[1];
      const address = mapped ?? ip;
      const family = isIP(address);
      if (family === 0) return false;
      return list.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}
