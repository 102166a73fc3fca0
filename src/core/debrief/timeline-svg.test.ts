import { describe, expect, it } from 'vitest';
import type { Debrief } from '../../shared/debrief-types';
import { SYSTEM_TRAITS } from '../../shared/system-traits';
import { gradeRun } from '../grading/grade-run';
import { staleLeaderStory, testScenario } from '../testing/test-history';
import { buildDebrief } from './debrief';
import { debriefToHtml } from './debrief-html';
import { CLUSTER_EVENT_KINDS, timelineSvg } from './timeline-svg';

describe('the debrief timeline SVG', () => {
  it("has every system's event lane (SystemTraits.eventLane) in its cluster lane", () => {
    const lanes = Object.values(SYSTEM_TRAITS).map((t) => t.eventLane);
    expect([...CLUSTER_EVENT_KINDS].sort()).toEqual([...new Set(lanes)].sort());
    expect(CLUSTER_EVENT_KINDS).toContain('raft');
  });

  it("draws each system's own events, one mark each, on the cluster lane", () => {
    const svg = timelineSvg({
      timeline: CLUSTER_EVENT_KINDS.map((kind, i) => ({ at: 1000 * (i + 1), kind, label: kind })),
      faultWindows: [],
      startedAt: 0,
      endedAt: 10_000,
    } as unknown as Debrief);
    for (const kind of CLUSTER_EVENT_KINDS) expect(svg).toContain(`class="mark ${kind}"`);
  });

  it("colours each system's event marks in the HTML debrief's style", () => {
    const scenario = testScenario();
    const events = staleLeaderStory(scenario);
    const last = events.at(-1)!;
    const graded = [
      ...events,
      {
        kind: 'grade' as const,
        result: gradeRun(scenario, events),
        runId: last.runId,
        seq: last.seq + 1,
        t: last.t + 10,
      },
    ];
    const html = debriefToHtml(buildDebrief(scenario, graded));
    const marks = CLUSTER_EVENT_KINDS.map((k) => `svg .mark.${k}`).join(',');
    expect(html).toContain(`${marks}{fill:#7d5ba6}`);
    expect(html).toContain('svg .mark.raft');
  });
});
