import dns from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { classifyAddress, type AddressClass } from './address-class.ts';

/** Error code of a refused address; the fetch classifier maps it to a permanent 'bad_url' failure. */
export const PRIVATE_ADDRESS_CODE = 'ERR_PRIVATE_ADDRESS';

function refusalReason(host: string, address: string, kind: AddressClass): string {
  const target = host === address ? `${address} is` : `${host} resolves to ${address},`;
  return `refused: ${target} a ${kind} address (private networks are not allowed; set fetch.allowPrivateNetworks to lift this)`;
}

/** A refusal reason when the host is an IP literal outside public address space (no DNS lookup happens for those), else null. */
export function checkLiteralHost(hostname: string): string | null {
  const kind = classifyAddress(hostname);
  if (kind === 'invalid' || kind === 'public') return null;
  const bare = hostname.replace(/^\[|\]$/g, '');
  return refusalReason(bare, bare, kind);
}

/**
 * A net/http `lookup` that resolves with `resolve` (dns.lookup by default) and fails with ERR_PRIVATE_ADDRESS when any
 * resolved address is not public. Runs at connect time on every hop, so a re-resolving (rebinding) name cannot slip by.
 */
export function createGuardedLookup(resolve: LookupFunction = dns.lookup as unknown as LookupFunction): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    resolve(hostname, { ...options, all: true }, (err, result) => {
      if (err) {
        callback(err, options.all === true ? [] : '', 0);
        return;
      }
      const addresses: LookupAddress[] = Array.isArray(result) ? result : [{ address: result, family: result.includes(':') ? 6 : 4 }];
      for (const entry of addresses) {
        const kind = classifyAddress(entry.address);
        if (kind !== 'public') {
          const refusal = Object.assign(new Error(refusalReason(hostname, entry.address, kind)), { code: PRIVATE_ADDRESS_CODE, hostname });
          callback(refusal, options.all === true ? [] : '', 0);
          return;
        }
      }
      const first = addresses[0];
      if (first === undefined) {
        callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND', hostname }), options.all === true ? [] : '', 0);
        return;
      }
      if (options.all === true) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}
