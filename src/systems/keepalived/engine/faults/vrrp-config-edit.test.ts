import { describe, expect, it } from 'vitest';
import { DEFAULT_KEEPALIVED_SETTINGS, keepalivedConf } from '../lab/keepalived-config';
import { describeVrrpChange, readVrrpConfig, rewriteVrrpConfig } from './vrrp-config-edit';

const self = { name: 'router-2', ip: '10.9.8.12' };
const peer = { name: 'router-1', ip: '10.9.8.11' };
const conf = keepalivedConf(DEFAULT_KEEPALIVED_SETTINGS, 1, self, [peer], '10.9.8.250', 24);
const unicast = keepalivedConf(
  { ...DEFAULT_KEEPALIVED_SETTINGS, transport: 'unicast' },
  1,
  self,
  [peer],
  '10.9.8.250',
  24,
);
const noAuth = keepalivedConf(
  {
    ...DEFAULT_KEEPALIVED_SETTINGS,
    routers: [
      { priority: 150, virtualRouterId: 51, authPass: null },
      { priority: 100, virtualRouterId: 51, authPass: null },
    ],
  },
  1,
  self,
  [peer],
  '10.9.8.250',
  24,
);

/** The lines of a that b lacks, and the lines of b that a lacks. */
function lineDiff(a: string, b: string): { removed: string[]; added: string[] } {
  const la = a.split('\n');
  const lb = b.split('\n');
  return {
    removed: la.filter((l) => !lb.includes(l)),
    added: lb.filter((l) => !la.includes(l)),
  };
}

describe('readVrrpConfig', () => {
  it('reads the generated config back', () => {
    expect(readVrrpConfig(conf)).toEqual({ virtualRouterId: 51, priority: 100, authPass: 'dojo' });
    expect(readVrrpConfig(noAuth).authPass).toBeNull();
  });
});

describe('rewriteVrrpConfig', () => {
  it('changes the virtual_router_id line only', () => {
    const out = rewriteVrrpConfig(conf, { virtualRouterId: 52 });
    expect(lineDiff(conf, out)).toEqual({
      removed: ['  virtual_router_id 51'],
      added: ['  virtual_router_id 52'],
    });
    expect(readVrrpConfig(out).virtualRouterId).toBe(52);
  });

  it('changes the priority line, not unicast_src_ip or anything else', () => {
    const out = rewriteVrrpConfig(unicast, { priority: 200 });
    expect(lineDiff(unicast, out)).toEqual({
      removed: ['  priority 100'],
      added: ['  priority 200'],
    });
  });

  it('replaces auth_pass inside the authentication block', () => {
    const out = rewriteVrrpConfig(conf, { authPass: 'wrong' });
    expect(lineDiff(conf, out)).toEqual({
      removed: ['    auth_pass dojo'],
      added: ['    auth_pass wrong'],
    });
  });

  it('removes the authentication block for authPass null', () => {
    const out = rewriteVrrpConfig(conf, { authPass: null });
    expect(out).not.toMatch(/authentication|auth_type|auth_pass/);
    expect(lineDiff(conf, out).added).toEqual([]);
    expect(out).toContain('  virtual_ipaddress {\n    10.9.8.250/24 dev eth0\n  }');
    // Removing it from a config without one changes nothing.
    expect(rewriteVrrpConfig(noAuth, { authPass: null })).toBe(noAuth);
  });

  it('adds an authentication block before virtual_ipaddress when there is none', () => {
    const out = rewriteVrrpConfig(noAuth, { authPass: 's3cret' });
    expect(out).toContain(
      '  authentication {\n    auth_type PASS\n    auth_pass s3cret\n  }\n  virtual_ipaddress {',
    );
    expect(readVrrpConfig(out).authPass).toBe('s3cret');
    // With the same password as the others, the block is the one the generator writes.
    expect(rewriteVrrpConfig(noAuth, { authPass: 'dojo' })).toBe(conf);
  });

  it('applies several changes at once and leaves the file as it was without any', () => {
    const out = rewriteVrrpConfig(conf, { virtualRouterId: 7, priority: 1, authPass: null });
    expect(readVrrpConfig(out)).toEqual({ virtualRouterId: 7, priority: 1, authPass: null });
    expect(rewriteVrrpConfig(conf, {})).toBe(conf);
  });

  it('refuses values keepalived would refuse and configs without the line', () => {
    expect(() => rewriteVrrpConfig(conf, { virtualRouterId: 0 })).toThrow(/1-255/);
    expect(() => rewriteVrrpConfig(conf, { priority: 255 })).toThrow(/1-254/);
    expect(() => rewriteVrrpConfig(conf, { authPass: 'toolongpass' })).toThrow(/1-8/);
    expect(() => rewriteVrrpConfig(conf, { authPass: 'a b' })).toThrow(/1-8/);
    expect(() => rewriteVrrpConfig('global_defs {\n}\n', { virtualRouterId: 3 })).toThrow(
      /no "virtual_router_id" line/,
    );
  });
});

describe('describeVrrpChange', () => {
  it('names what changed, from what to what', () => {
    const before = readVrrpConfig(conf);
    expect(describeVrrpChange(before, { ...before, virtualRouterId: 52 })).toBe(
      'virtual_router_id 51 -> 52',
    );
    expect(describeVrrpChange(before, { ...before, authPass: null, priority: 200 })).toBe(
      'priority 100 -> 200, authentication removed',
    );
    expect(describeVrrpChange({ ...before, authPass: null }, before)).toBe(
      'authentication added (auth_pass dojo)',
    );
    expect(describeVrrpChange(before, before)).toBe('no change');
  });
});
