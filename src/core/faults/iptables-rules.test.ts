import { describe, expect, it } from 'vitest';
import {
  addRulesScript,
  classifyRule,
  clientFenceExceptionRule,
  clientFenceRule,
  countRule,
  deleteTaggedScript,
  ensureChainScript,
  faultTag,
  fenceRules,
  parseCounters,
  partitionRule,
  shellQuote,
  vrrpBlockRule,
} from './iptables-rules';

describe('rule builders', () => {
  it('partition rules drop by peer address, tagged with the fault', () => {
    expect(partitionRule('in', '10.1.2.12', faultTag('split')).args).toEqual([
      '-s',
      '10.1.2.12',
      '-m',
      'comment',
      '--comment',
      'dojo-fault:split',
      '-j',
      'DROP',
    ]);
    expect(partitionRule('out', '10.1.2.12', faultTag('split')).args.slice(0, 2)).toEqual([
      '-d',
      '10.1.2.12',
    ]);
  });

  it('the client fence rejects TCP to the client port from anyone with a reset', () => {
    const r = clientFenceRule(6379);
    expect(r.chain).toBe('DOJO-FENCE');
    expect(r.args.join(' ')).toBe(
      '-p tcp --dport 6379 -m comment --comment dojo-fence:isolate-clients -j REJECT --reject-with tcp-reset',
    );
  });

  it('its exceptions (cluster members, gateway, loopback) return to the other chains', () => {
    expect(clientFenceExceptionRule('10.1.2.12', 6379).args.join(' ')).toBe(
      '-s 10.1.2.12 -p tcp --dport 6379 -m comment --comment dojo-fence:isolate-clients -j RETURN',
    );
    expect(clientFenceExceptionRule('loopback', 5432).args.slice(0, 2)).toEqual(['-i', 'lo']);
    // Not a fence when read back: they filter nothing.
    expect(
      fenceRules(
        [
          '-A DOJO-FENCE -s 10.1.2.12/32 -p tcp -m tcp --dport 6379 -m comment --comment "dojo-fence:isolate-clients" -j RETURN',
          '-A DOJO-FENCE -p tcp -m tcp --dport 6379 -m comment --comment "dojo-fence:isolate-clients" -j REJECT --reject-with tcp-reset',
        ].join('\n'),
      ),
    ).toHaveLength(1);
  });

  it('count rules match UDP from a peer to the probe port and return', () => {
    expect(countRule('10.1.2.13', 39999, 'dojo-count:abc').args.join(' ')).toBe(
      '-s 10.1.2.13 -p udp --dport 39999 -m comment --comment dojo-count:abc -j RETURN',
    );
  });

  it('VRRP blocks drop IP protocol 112, inbound in DOJO-VRRP-IN, outbound in DOJO-VRRP-OUT', () => {
    const inbound = vrrpBlockRule('in', faultTag('deaf'));
    expect(inbound.chain).toBe('DOJO-VRRP-IN');
    expect(inbound.args.join(' ')).toBe('-p 112 -m comment --comment dojo-fault:deaf -j DROP');
    expect(vrrpBlockRule('out', faultTag('deaf')).chain).toBe('DOJO-VRRP-OUT');
    expect(() => vrrpBlockRule('in', 'dojo-fault:"x"')).toThrow(/tag/);
  });

  it('refuses anything that is not an address, a port or a tag', () => {
    expect(() => partitionRule('in', '10.1.2.12; rm -rf /', 'dojo-fault:x')).toThrow(/IPv4/);
    expect(() => partitionRule('in', '10.1.2.0/24', 'dojo-fault:x')).toThrow(/IPv4/);
    expect(() => partitionRule('in', '10.1.2.12', 'dojo-fault:"x"')).toThrow(/tag/);
    expect(() => clientFenceRule(70000)).toThrow(/port/);
    expect(() => clientFenceExceptionRule('10.1.2.0/24', 6379)).toThrow(/IPv4/);
    expect(() => faultTag('Bad Id')).toThrow(/tag/);
  });

  it('chain setup is idempotent: create if missing, hook only when the hook is absent', () => {
    expect(ensureChainScript('DOJO-PART')).toEqual([
      'iptables -w -N DOJO-PART 2>/dev/null || true',
      'iptables -w -C INPUT -j DOJO-PART 2>/dev/null || iptables -w -I INPUT 1 -j DOJO-PART',
      'iptables -w -C OUTPUT -j DOJO-PART 2>/dev/null || iptables -w -I OUTPUT 1 -j DOJO-PART',
    ]);
    expect(ensureChainScript('DOJO-VRRP-IN')).toEqual([
      'iptables -w -N DOJO-VRRP-IN 2>/dev/null || true',
      'iptables -w -C INPUT -j DOJO-VRRP-IN 2>/dev/null || iptables -w -I INPUT 1 -j DOJO-VRRP-IN',
    ]);
    expect(ensureChainScript('DOJO-VRRP-OUT')).toEqual([
      'iptables -w -N DOJO-VRRP-OUT 2>/dev/null || true',
      'iptables -w -C OUTPUT -j DOJO-VRRP-OUT 2>/dev/null || iptables -w -I OUTPUT 1 -j DOJO-VRRP-OUT',
    ]);
    expect(ensureChainScript('DOJO-COUNT')).toEqual([
      'iptables -w -N DOJO-COUNT 2>/dev/null || true',
      'iptables -w -C INPUT -j DOJO-COUNT 2>/dev/null || iptables -w -A INPUT -j DOJO-COUNT',
    ]);
  });

  it('rules are added only when not already there', () => {
    expect(addRulesScript([partitionRule('in', '10.0.0.2', 'dojo-fault:a')])).toEqual([
      'iptables -w -C DOJO-PART -s 10.0.0.2 -m comment --comment dojo-fault:a -j DROP 2>/dev/null ||' +
        ' iptables -w -A DOJO-PART -s 10.0.0.2 -m comment --comment dojo-fault:a -j DROP',
    ]);
  });

  it('deleting by tag matches the whole quoted tag (p-1 does not take p-10 along)', () => {
    const [line] = deleteTaggedScript('DOJO-PART', 'dojo-fault:p-1');
    expect(line).toContain(`grep -F -- '"dojo-fault:p-1"'`);
    expect(line).toContain(`sed 's/^-A /-D /'`);
  });

  it('quotes words for bash only when needed', () => {
    expect(shellQuote('10.0.0.1')).toBe('10.0.0.1');
    expect(shellQuote('a b')).toBe(`'a b'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
  });
});

describe('parseCounters', () => {
  it('reads packets by source from `iptables -L -v -x -n -Z` output', () => {
    const listing = [
      'Chain DOJO-COUNT (1 references)',
      '    pkts      bytes target     prot opt in     out     source               destination         ',
      '       1       29 RETURN     17   --  *      *       10.250.99.12         0.0.0.0/0            udp dpt:39999 /* dojo-count:abc */',
      '       0        0 RETURN     17   --  *      *       10.250.99.13         0.0.0.0/0            udp dpt:39999 /* dojo-count:abc */',
      '       3       87 RETURN     udp  --  *      *       10.250.99.14/32      0.0.0.0/0            udp dpt:39999',
      "Zeroing chain `DOJO-COUNT'",
    ].join('\n');
    expect([...parseCounters(listing)]).toEqual([
      ['10.250.99.12', 1],
      ['10.250.99.13', 0],
      ['10.250.99.14', 3],
    ]);
  });

  it('an empty or missing chain gives no counters', () => {
    expect(parseCounters('').size).toBe(0);
    expect(parseCounters('iptables: No chain/target/match by that name.').size).toBe(0);
  });
});

describe('fences among `iptables -S` lines', () => {
  it('keeps the palette fence and hand-made filtering, not hooks, partitions or counters', () => {
    const listing = [
      '-P INPUT ACCEPT',
      '-P FORWARD ACCEPT',
      '-P OUTPUT DROP',
      '-N DOJO-COUNT',
      '-N DOJO-FENCE',
      '-N DOJO-PART',
      '-A INPUT -j DOJO-FENCE',
      '-A INPUT -j DOJO-PART',
      '-A INPUT -p tcp -m tcp --dport 6379 -j REJECT --reject-with tcp-reset',
      '-A INPUT -j DOJO-COUNT',
      '-A OUTPUT -j DOJO-PART',
      '-A DOJO-COUNT -s 10.0.0.2/32 -p udp -m udp --dport 39999 -m comment --comment "dojo-count:1" -j RETURN',
      '-A DOJO-FENCE -s 10.0.0.31/32 -p tcp -m tcp --dport 6379 -m comment --comment "dojo-fence:isolate-clients" -j REJECT --reject-with tcp-reset',
      '-A DOJO-PART -s 10.0.0.2/32 -m comment --comment "dojo-fault:split" -j DROP',
    ].join('\n');
    expect(fenceRules(listing)).toEqual([
      '-P OUTPUT DROP',
      '-A INPUT -p tcp -m tcp --dport 6379 -j REJECT --reject-with tcp-reset',
      '-A DOJO-FENCE -s 10.0.0.31/32 -p tcp -m tcp --dport 6379 -m comment --comment "dojo-fence:isolate-clients" -j REJECT --reject-with tcp-reset',
    ]);
    expect(classifyRule('-A OUTPUT -j DOJO-PART')).toBe('hook');
    expect(classifyRule('-A DOJO-PART -d 10.0.0.2/32 -j DROP')).toBe('partition');
  });

  it('a VRRP block fault is not a fence; the same rule typed by hand into INPUT is', () => {
    const listing = [
      '-N DOJO-VRRP-IN',
      '-N DOJO-VRRP-OUT',
      '-A INPUT -j DOJO-VRRP-IN',
      '-A OUTPUT -j DOJO-VRRP-OUT',
      '-A INPUT -p vrrp -j DROP',
      '-A DOJO-VRRP-IN -p vrrp -m comment --comment "dojo-fault:deaf" -j DROP',
      '-A DOJO-VRRP-OUT -p vrrp -m comment --comment "dojo-fault:deaf" -j DROP',
    ].join('\n');
    expect(fenceRules(listing)).toEqual(['-A INPUT -p vrrp -j DROP']);
    expect(classifyRule('-A INPUT -j DOJO-VRRP-IN')).toBe('hook');
    expect(classifyRule('-A DOJO-VRRP-OUT -p vrrp -j DROP')).toBe('vrrp-block');
    // A slow node (the degrade fault) is a fault, not a fence.
    expect(classifyRule('-A INPUT -j DOJO-DEGRADE')).toBe('hook');
    expect(
      classifyRule(
        '-A DOJO-DEGRADE ! -i lo -m statistic --mode random --probability 0.50000000000 -m comment --comment "dojo-fault:slow" -j DROP',
      ),
    ).toBe('degrade');
  });
});
