import { describe, expect, it } from 'vitest';
import { hostIpInSubnet } from '../../../../core/labs/lab-definition';
import { validateEtcdRaftSettings } from './etcd-raft-config';
import { etcdRaftLab } from './etcd-raft.lab';

const network = {
  subnet: '10.213.4.0/24',
  gateway: '10.213.4.1',
  hostIp: (n: number) => hostIpInSubnet('10.213.4.0/24', n),
};

describe('the etcd (Raft) lab plan', () => {
  it('lays out five members in one stage, each told of all five, with the run’s Raft settings', () => {
    const lab = etcdRaftLab({ members: 5, preVote: true, electionMs: 1500 });
    expect(lab.summary.nodes).toEqual(['raft-1', 'raft-2', 'raft-3', 'raft-4', 'raft-5']);
    expect(lab.summary.title).toBe('etcd (Raft) — 5 members');
    const plan = lab.plan(network);
    expect(plan.stages).toBe(1);
    expect(plan.nodes.map((n) => [n.name, n.kind, n.image, n.stage, n.ipv4])).toEqual([
      ['raft-1', 'raft', 'etcd', 0, '10.213.4.11'],
      ['raft-2', 'raft', 'etcd', 0, '10.213.4.12'],
      ['raft-3', 'raft', 'etcd', 0, '10.213.4.13'],
      ['raft-4', 'raft', 'etcd', 0, '10.213.4.14'],
      ['raft-5', 'raft', 'etcd', 0, '10.213.4.15'],
    ]);
    const cmd = plan.nodes[3]!.cmd;
    expect(cmd).toContain('--name=raft-4');
    expect(cmd).toContain('--advertise-client-urls=http://10.213.4.14:2379');
    expect(cmd).toContain(
      '--initial-cluster=' +
        [11, 12, 13, 14, 15].map((h, i) => `raft-${i + 1}=http://10.213.4.${h}:2380`).join(','),
    );
    expect(cmd).toContain('--pre-vote=true');
    expect(cmd).toContain('--election-timeout=1500');
    expect(cmd).toContain('--heartbeat-interval=100');
    // the probes reach each member's client port; iptables fences need NET_ADMIN
    expect(plan.nodes.every((n) => n.probePorts.join() === '2379')).toBe(true);
    expect(plan.nodes.every((n) => n.capAdd?.includes('NET_ADMIN'))).toBe(true);
  });

  it('defaults to three members, etcd 3.4’s own pre-vote off and a 1 s election timeout', () => {
    const cmd = etcdRaftLab().plan(network).nodes[0]!.cmd;
    expect(etcdRaftLab().summary.nodes).toEqual(['raft-1', 'raft-2', 'raft-3']);
    expect(cmd).toContain('--pre-vote=false');
    expect(cmd).toContain('--election-timeout=1000');
  });

  it('refuses a cluster size or an election timeout etcd would not run well with, naming the setting', () => {
    expect(() =>
      validateEtcdRaftSettings({ members: 4 as 3, preVote: false, electionMs: 1000 }),
    ).toThrow(/^members: must be 3 or 5, got 4$/);
    expect(() => validateEtcdRaftSettings({ members: 3, preVote: false, electionMs: 300 })).toThrow(
      /^electionMs: must be an integer from 500 to 10000, got 300$/,
    );
    expect(() => etcdRaftLab({ electionMs: 20_000 })).toThrow(/electionMs/);
  });
});
