import { describe, expect, it } from 'vitest';
import {
  cidrsOverlap,
  defaultCandidates,
  gatewayOf,
  hostInterfaceCidrs,
  interfaceCidr,
  parseCidr,
  pickFreeSubnet,
} from './subnet-picker';

describe('parseCidr / cidrsOverlap', () => {
  it('parses and masks IPv4 CIDRs, ignores IPv6', () => {
    expect(parseCidr('10.213.7.9/24')).toEqual({
      base: parseCidr('10.213.7.0/24')?.base,
      prefix: 24,
    });
    expect(parseCidr('fd00::/64')).toBeUndefined();
    expect(parseCidr('300.1.1.1/24')).toBeUndefined();
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
  });

  it('detects overlap in both directions and adjacency as no overlap', () => {
    expect(cidrsOverlap('10.0.0.0/8', '10.213.5.0/24')).toBe(true);
    expect(cidrsOverlap('10.213.5.0/24', '10.0.0.0/8')).toBe(true);
    expect(cidrsOverlap('10.213.5.0/24', '10.213.6.0/24')).toBe(false);
    expect(cidrsOverlap('10.213.5.0/24', '10.213.5.128/25')).toBe(true);
    expect(cidrsOverlap('172.17.0.0/16', '172.16.0.0/12')).toBe(true);
    expect(cidrsOverlap('0.0.0.0/0', '255.255.255.0/24')).toBe(true);
    expect(cidrsOverlap('fd00::/8', '10.0.0.0/8')).toBe(false);
  });
});

describe('pickFreeSubnet', () => {
  it('starts at 10.213.0.0/24', () => {
    expect(pickFreeSubnet([])).toBe('10.213.0.0/24');
    expect(gatewayOf('10.213.0.0/24')).toBe('10.213.0.1');
  });

  it('skips Docker subnets and host interfaces', () => {
    expect(pickFreeSubnet(['10.213.0.0/24', '10.213.1.0/24', '172.17.0.0/16'])).toBe(
      '10.213.2.0/24',
    );
    // a host route covering 10.213.0.0-10.213.3.255
    expect(pickFreeSubnet(['10.213.0.0/22'])).toBe('10.213.4.0/24');
    // a whole /16 taken by a VPN: continues in 10.214
    expect(pickFreeSubnet(['10.213.0.0/16'])).toBe('10.214.0.0/24');
  });

  it('honours preferred subnets when free, else falls back', () => {
    expect(pickFreeSubnet([], ['10.99.3.0/24'])).toBe('10.99.3.0/24');
    expect(pickFreeSubnet(['10.99.0.0/16'], ['10.99.3.0/24'])).toBe('10.213.0.0/24');
  });

  it('returns undefined when everything is taken', () => {
    expect(pickFreeSubnet(['10.0.0.0/8'])).toBeUndefined();
  });

  it('default candidates end at 10.255.255.0/24', () => {
    const all = [...defaultCandidates()];
    expect(all[0]).toBe('10.213.0.0/24');
    expect(all.at(-1)).toBe('10.255.255.0/24');
    expect(all).toHaveLength((255 - 213 + 1) * 256);
  });
});

describe('host interfaces', () => {
  it('turns address + netmask into CIDRs, IPv4 only', () => {
    expect(interfaceCidr('192.168.1.23', '255.255.255.0')).toBe('192.168.1.0/24');
    expect(interfaceCidr('10.213.9.77', '255.255.240.0')).toBe('10.213.0.0/20');
    const cidrs = hostInterfaceCidrs({
      lo: [
        {
          address: '127.0.0.1',
          netmask: '255.0.0.0',
          family: 'IPv4',
          mac: '00:00:00:00:00:00',
          internal: true,
          cidr: '127.0.0.1/8',
        },
      ],
      eth0: [
        {
          address: '10.213.9.77',
          netmask: '255.255.240.0',
          family: 'IPv4',
          mac: 'aa',
          internal: false,
          cidr: null,
        },
        {
          address: 'fe80::1',
          netmask: 'ffff:ffff:ffff:ffff::',
          family: 'IPv6',
          mac: 'aa',
          internal: false,
          cidr: null,
          scopeid: 2,
        },
      ],
    });
    expect(cidrs).toEqual(['127.0.0.0/8', '10.213.0.0/20']);
    expect(pickFreeSubnet(cidrs)).toBe('10.213.16.0/24');
  });
});
