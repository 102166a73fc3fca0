import { describe, expect, it } from 'vitest';
import type { Debrief } from '../../shared/debrief-types';
import type { NodeObservation, ProbeSample } from '../../shared/lab-types';
import { HistoryBuilder, T0, cutMaster, testScenario } from '../testing/test-history';
import { buildTimeline, faultWindows } from './timeline';
import { timelineSvg } from './timeline-svg';

const PG = ['postgres-1', 'postgres-2', 'postgres-3'];

/** A Patroni-shaped sample: postgres-1 primary, or every data node unreadable (postgres timed out, Patroni answered). */
function patroniSample(at: number, unreadable: boolean, master = 'postgres-1'): ProbeSample {
  const nodes: NodeObservation[] = PG.map((node) =>
    unreadable
      ? { node, kind: 'postgres', role: 'unknown', state: 'running', error: 'postgres: timeout' }
      : { node, kind: 'postgres', role: node === master ? 'master' : 'replica', state: 'running' },
  );
  nodes.push(
    ...['etcd-1', 'etcd-2', 'etcd-3'].map<NodeObservation>((node) => ({
      node,
      kind: 'etcd',
      role: 'dcs',
      state: 'running',
      leaderKey: { holder: master, ttlSeconds: 28 },
    })),
  );
  return {
    t: T0 + at,
    nodes,
    mastersClaimed: unreadable ? 0 : 1,
    unknownNodes: unreadable ? 3 : 0,
  };
}

/** A healthy Patroni period where every third sample could not read the data nodes, then a fault at 10 s. */
function flickeringHistory() {
  const h = new HistoryBuilder().start();
  h.samples(0, 10_000, (at) => patroniSample(at, (at / 250) % 3 === 1));
  h.fault(10_000, cutMaster(testScenario()));
  return h.events();
}

describe('the timeline with unreadable samples', () => {
  it('has no tell before the fault when data nodes flicker unreadable: the gaps are unknown marks', () => {
    const tl = buildTimeline(flickeringHistory(), 'patroni');
    const before = tl.filter((e) => e.at < 10_000);
    expect(before.filter((e) => e.kind === 'tell')).toEqual([]);
    const unknown = before.filter((e) => e.kind === 'unknown');
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown[0]).toMatchObject({
      label: 'postgres-1, postgres-2, postgres-3 could not be read',
      detail: expect.stringContaining('timeout'),
    });
    expect(tl.map((e) => e.label).join('\n')).not.toMatch(/0 nodes? claims? master/);
  });

  it('draws unknown readings as hollow grey marks, not red tell dots, in the debrief SVG', () => {
    const events = flickeringHistory();
    const svg = timelineSvg({
      timeline: buildTimeline(events, 'patroni'),
      faultWindows: faultWindows(events),
      startedAt: T0,
      endedAt: T0 + 11_000,
    } as Debrief);
    expect(svg).not.toContain('class="mark tell"');
    expect(svg).toContain('class="mark unknown"');
  });

  it('still shows a real change across a gap: a new master, and the old one claiming master again', () => {
    const h = new HistoryBuilder().start();
    h.samples(0, 1000, (at) => patroniSample(at, false));
    // postgres-1 frozen: unreadable; postgres-2 promoted while it is silent; then it wakes as primary.
    h.samples(1000, 3000, (at) => {
      const s = patroniSample(at, false, 'postgres-2');
      s.nodes[0] = { node: 'postgres-1', kind: 'postgres', role: 'unknown', state: 'paused' };
      if (at < 2000) s.nodes[1] = { ...s.nodes[1]!, role: 'replica' };
      s.mastersClaimed = at < 2000 ? 0 : 1;
      return s;
    });
    h.samples(3000, 4000, (at) => {
      const s = patroniSample(at, false, 'postgres-2');
      s.nodes[0] = { ...s.nodes[0]!, role: 'master' };
      s.mastersClaimed = 2;
      return s;
    });
    const tells = buildTimeline(h.events(), 'patroni')
      .filter((e) => e.kind === 'tell' || e.kind === 'unknown')
      .map((e) => `${e.at} ${e.kind} ${e.label}`);
    expect(tells).toEqual([
      '1000 unknown postgres-1 could not be read',
      '1000 tell leader key held by postgres-2',
      '2000 tell postgres-2: replica → master',
      '3000 tell 2 nodes claim master',
    ]);
  });
});
