import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { parseNetwork } from '../networks.ts';

/** Addresses no fetch reaches unless the operator allows their network: [network, prefix, what it is]. */
const INTERNAL: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'a "this network"'],
  ['10.0.0.0', 8, 'a private'],
  ['100.64.0.0', 10, 'a shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'a loopback'],
  ['169.254.0.0', 16, 'a link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'a private'],
  ['192.0.0.0', 24, 'an IETF protocol'],
  ['192.168.0.0', 16, 'a private'],
  ['198.18.0.0', 15, 'a benchmarking'],
  ['224.0.0.0', 4, 'a multicast'],
  ['240.0.0.0', 4, 'a reserved'],
  ['::', 128, 'the unspecified'],
  ['::1', 128, 'a loopback'],
  ['64:ff9b::', 96, 'a NAT64'],
  ['fc00::', 7, 'a private (unique local)'],
  ['fe80::', 10, 'a link-local'],
  ['ff00::', 8, 'a multicast'],
];

const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

const RULES = INTERNAL.map(([network, prefix, what]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family(network));
  return { list, what };
});

/** A block list of the networks; throws on one that is not a network such as 10.0.0.0/8. */
function allowList(networks: readonly string[]): BlockList {
  const list = new BlockList();
  for (const text of networks) {
    const network = parseNetwork(text);
    if (!network) throw new Error(`"${text}" is not a network such as 10.0.0.0/8, 127.0.0.1 or fd00::/8`);
    list.addSubnet(network.address, network.prefix, network.type);
  }
  return list;
}

/**
 * Which addresses a fetch may reach: public ones, and internal ones (loopback, private, link-local
 * and cloud metadata, multicast, reserved) only inside a network the operator allows.
 */
export class AddressPolicy {
  private readonly allowed: BlockList;

  constructor(readonly allowNetworks: readonly string[] = []) {
    this.allowed = allowList(allowNetworks);
  }

  /** Why `address` (an IP address) may not be fetched, or undefined when it may. */
  refusal(address: string): string | undefined {
    const type = family(address);
    if (this.allowed.check(address, type)) return undefined;
    const rule = RULES.find((r) => r.list.check(address, type));
    return rule && `${address} is ${rule.what} address, refused (FETCH_ALLOW_NETWORKS allows a network)`;
  }

  /**
   * dns.lookup that refuses a name resolving to an address refused here, for the sockets of every
   * request (redirects included), so a name cannot resolve to a public address when checked and to
   * an internal one when connected.
   */
  readonly lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      for (const { address } of addresses) {
        const refusal = this.refusal(address);
        if (refusal) return callback(new InternalAddressError(`${hostname} resolves to ${refusal}`), '');
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

export class InternalAddressError extends Error {
  override name = 'InternalAddressError';
  readonly code = 'ERR_INTERNAL_ADDRESS';
}
