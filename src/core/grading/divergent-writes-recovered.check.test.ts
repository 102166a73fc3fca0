import { describe, expect, it } from 'vitest';
import { contextFor, GOOD_RESPONSE, staleLeaderStory, testScenario } from '../testing/test-history';
import { divergentWritesRecovered } from './divergent-writes-recovered.check';

const scenario = testScenario({
  grading: {
    passMark: 70,
    checks: [{ check: 'divergent-writes-recovered', weight: 20, required: true }],
  },
});
const judge = (o: Parameters<typeof staleLeaderStory>[1]) =>
  divergentWritesRecovered(
    contextFor(scenario, staleLeaderStory(scenario, o), 'divergent-writes-recovered'),
  );

describe('divergent-writes-recovered', () => {
  it('passes when a replay put back every write the stale leader acknowledged after the fault', () => {
    const r = judge({ ...GOOD_RESPONSE, replay: { at: 16_000 } });
    expect(r.verdict).toBe('pass');
    expect(r.why).toMatch(
      /replay at \+16\.\d s \(keep-authoritative\) put back \d+ keys onto redis-2/,
    );
    expect(r.figures?.stillLost).toBe(0);
    expect(r.figures?.recovered).toBeGreaterThan(0);
  });

  it('fails when the writes were exported but never replayed, and says so', () => {
    const r = judge(GOOD_RESPONSE);
    expect(r.verdict).toBe('fail');
    expect(r.why).toMatch(/missing at the end: they were exported but never replayed/);
  });

  it('fails when they were neither exported nor replayed', () => {
    const { exportAt: _skip, ...noExport } = GOOD_RESPONSE;
    expect(judge(noExport).why).toMatch(/neither exported nor replayed/);
  });

  it('fails a replace-all replay that deleted the authoritative node’s keys, even if it put back everything', () => {
    const r = judge({
      ...GOOD_RESPONSE,
      replay: { at: 16_000, rule: 'replace-all', removed: 120 },
    });
    expect(r.verdict).toBe('fail');
    expect(r.why).toMatch(/replace-all\) deleted 120 keys redis-2 held/);
    expect(r.why).toMatch(/120 writes acknowledged by other nodes are missing/);
  });

  it('fails when writes acknowledged after the replayed export are still missing (fence before you export)', () => {
    const r = judge({
      ...GOOD_RESPONSE,
      fenceAt: 13_000,
      exportAt: 11_000,
      replay: { at: 16_000, upTo: 11_000 },
    });
    expect(r.verdict).toBe('fail');
    expect(r.why).toMatch(
      /still missing at the end: \d+ of its writes were acknowledged after the export/,
    );
  });

  it('passes when the stale leader acknowledged nothing after the fault', () => {
    const r = judge({ ...GOOD_RESPONSE, fenceAt: 4_000 });
    expect(r.verdict).toBe('pass');
    expect(r.why).toMatch(/nothing to put back/);
  });

  it('is unknown when the ledger does not say whose writes were lost (an older history)', () => {
    const events = staleLeaderStory(scenario, GOOD_RESPONSE).map((e) =>
      e.kind === 'ledger' ? { ...e, lostByNode: undefined } : e,
    );
    const r = divergentWritesRecovered(contextFor(scenario, events, 'divergent-writes-recovered'));
    expect(r.verdict).toBe('unknown');
  });
});
