import { isIP } from 'node:net';

export interface Network {
  address: string;
  prefix: number;
  type: 'ipv4' | 'ipv6';
}

/** `10.0.0.0/8`, `127.0.0.1` (a network of one address) or `fd00::/8`; undefined for anything else. */
export function parseNetwork(text: string): Network | undefined {
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  const version = isIP(address);
  if (!version || rest.length || (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText))) return undefined;
  const max = version === 6 ? 128 : 32;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return undefined;
  return { address, prefix, type: version === 6 ? 'ipv6' : 'ipv4' };
}
