import { describe, expect, it } from 'vitest';
import { CHECK_TITLES } from '../../shared/check-titles';
import {
  GOOD_RESPONSE,
  HistoryBuilder,
  T0,
  staleLeaderStory,
  testScenario,
} from '../testing/test-history';
import { gradeRun } from '../grading/grade-run';
import { buildDebrief } from './debrief';
import { exportDebrief } from './debrief-export';
import { debriefToHtml } from './debrief-html';
import { debriefToMarkdown } from './debrief-markdown';
import { escapeHtml } from './html-escape';
import { buildTimeline, faultWindows } from './timeline';

const scenario = testScenario();
const good = GOOD_RESPONSE;

/** The good story with its grade appended, as the engine does. */
function gradedStory() {
  const events = staleLeaderStory(scenario, good);
  const result = gradeRun(scenario, events);
  const last = events[events.length - 1]!;
  return [
    ...events,
    { kind: 'grade' as const, result, runId: last.runId, seq: last.seq + 1, t: last.t + 10 },
  ];
}

describe('buildTimeline and faultWindows', () => {
  it('puts faults, actions, tells and sentinel events in time order, in ms since the start', () => {
    const h = new HistoryBuilder().start();
    h.ticks(0, 3000, (at) =>
      at < 1500
        ? { masters: ['redis-1'], sentinels: ['redis-1'] }
        : { masters: ['redis-1', 'redis-2'], sentinels: ['redis-2'] },
    );
    h.fault(1000, scenario.faults[0]!);
    h.add(1400, {
      kind: 'sentinel-event',
      sentinel: 'sentinel-2',
      channel: '+sdown',
      message: 'master mymaster 10.0.0.11 6379',
    });
    h.add(1450, {
      kind: 'sentinel-event',
      sentinel: 'sentinel-3',
      channel: '+sdown',
      message: 'master mymaster 10.0.0.11 6379',
    });
    h.act(2000, { kind: 'isolate-clients', node: 'redis-1' });
    h.act(2100, {
      kind: 'console',
      node: 'sentinel-1',
      command: 'redis-cli -p 26379 SENTINEL MASTER mymaster',
    });
    h.add(2200, {
      kind: 'console-line',
      node: 'redis-1',
      line: 'redis-cli INFO replication',
      source: 'console',
    });
    h.act(2300, { kind: 'stop', node: 'redis-3' }, false);
    h.add(2400, { kind: 'hint', index: 0, text: 'Count the masters.' });
    const tl = buildTimeline(h.events(), 'redis-sentinel');
    expect(tl.map((e) => [e.at, e.kind, e.label])).toEqual([
      [0, 'phase', 'scenario started'],
      [1000, 'fault', 'cut-master injected'],
      [1400, 'sentinel', '+sdown'],
      [1500, 'tell', '2 nodes claim master'],
      [1500, 'tell', 'sentinels name redis-2 as master'],
      [1500, 'tell', 'redis-2: replica → master'],
      [2000, 'action', 'isolate-clients redis-1'],
      [2100, 'console', '$ redis-cli -p 26379 SENTINEL MASTER mymaster'],
      [2200, 'console', '$ redis-cli INFO replication'],
      [2300, 'action', 'stop redis-3 (failed)'],
      [2400, 'hint', 'hint 1'],
    ]);
    expect(tl.find((e) => e.kind === 'sentinel')?.node).toBe('sentinel-2, sentinel-3');
    expect(tl[1]?.detail).toMatch(/^partition redis-1, app-pinned \| redis-2, .* \(both ways\)/);
  });

  it('pairs injections with reverts; an unhealed fault has no end', () => {
    const spec = scenario.faults[0]!;
    const pause = { id: 'freeze', kind: 'pause' as const, node: 'redis-1', at: { after: '1s' } };
    const events = new HistoryBuilder()
      .start()
      .fault(1000, spec)
      .fault(4000, spec, 'revert')
      .fault(5000, pause)
      .events();
    expect(faultWindows(events)).toEqual([
      { faultId: 'cut-master', kind: 'partition', from: 1000, to: 4000 },
      { faultId: 'freeze', kind: 'pause', from: 5000 },
    ]);
  });
});

describe('buildDebrief', () => {
  it('takes the grade, ledger and final health from the history', () => {
    const events = gradedStory();
    const d = buildDebrief(scenario, events);
    expect(d.runId).toBe('r-test-1');
    expect(d.startedAt).toBe(T0);
    expect(d.grade.passed).toBe(true);
    expect(d.ledger.fates?.['acked-lost']).toBeGreaterThan(0);
    expect(d.finalHealth?.masters).toEqual(['redis-2']);
    expect(d.faultWindows).toEqual([
      { faultId: 'cut-master', kind: 'partition', from: 5000, to: 14_000 },
    ]);
    expect(d.reference).toEqual(scenario.reference);
    expect(d.timeline.some((e) => e.label.startsWith('graded 100/100'))).toBe(true);
  });

  it('grades by itself and counts live outcomes when the run never reached grading', () => {
    const events = new HistoryBuilder()
      .start()
      .writes(
        'app-pinned',
        () => 'redis-1',
        0,
        1000,
        (at) => (at < 500 ? 'ack' : 'timeout'),
      )
      .events();
    const d = buildDebrief(scenario, events);
    expect(d.ledger).toEqual({ attempts: 20, acked: 10, failed: 0, indeterminate: 10 });
    expect(d.grade.checks.find((c) => c.check === 'acked-writes-lost')?.verdict).toBe('unknown');
    expect(d.lostKeys).toEqual([]);
  });

  it('keeps at most 50 lost keys', () => {
    const keys = Array.from({ length: 80 }, (_, i) => `dojo:w:app-pinned:${i}`);
    const d = buildDebrief(
      scenario,
      new HistoryBuilder().start().ledger(100, 200, 80, keys).events(),
    );
    expect(d.lostKeys).toHaveLength(50);
  });
});

describe('debrief exports', () => {
  const hostile = testScenario({
    title: 'Split <b>brain</b> & "friends"',
    comparison: { baselineLost: 220, text: 'Without it: <img src=x onerror=alert(1)>' },
  });
  const events = new HistoryBuilder()
    .start()
    .fault(1000, hostile.faults[0]!)
    .add(2000, {
      kind: 'console-line',
      node: 'redis-1',
      line: '<script>alert("x")</script> | rm',
      source: 'console',
    })
    .act(3000, { kind: 'isolate-clients', node: 'redis-1' })
    .ledger(4000, 100, 7)
    .events();
  const d = buildDebrief(hostile, events);

  it('Markdown lists every check by its title with its verdict and points, and escapes table breakers and HTML', () => {
    const md = debriefToMarkdown(d);
    for (const c of d.grade.checks)
      expect(md).toContain(`| ${CHECK_TITLES[c.check]} (\`${c.check}\`) |`);
    expect(md).toContain(
      '| Acknowledged writes lost (`acked-writes-lost`) | PASS | 15 / 15 (full credit: 7 acknowledged writes lost; good up to 150, fair up to 300) |',
    );
    expect(md).toContain(
      "| The cluster was left healthy (`final-health`) | UNKNOWN | 0 / 15 (not known) | The lab's final state was not read, so its health is not known. |",
    );
    expect(md).toContain('# Debrief: Split &lt;b&gt;brain&lt;/b&gt; & "friends"');
    expect(md).toContain('&lt;script&gt;alert("x")&lt;/script&gt; \\| rm');
    expect(md).not.toContain('<script>');
    expect(md).toContain(
      'This run lost 7 acknowledged writes; without the prevention the same fault loses about 220.',
    );
    expect(md).toContain('## What the reference response does');
  });

  it('HTML is self-contained, escapes everything and draws the timeline', () => {
    const html = debriefToHtml(d);
    for (const c of d.grade.checks)
      expect(html).toContain(
        `<td>${escapeHtml(CHECK_TITLES[c.check])}<code class="check-id">${c.check}</code></td>`,
      );
    expect(html).toContain(
      '<td class="points">15 / 15 (full credit: 7 acknowledged writes lost; good up to 150, fair up to 300)</td>',
    );
    expect(html).not.toMatch(/<(script|img|iframe|a|link)\b/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Split &lt;b&gt;brain&lt;/b&gt; &amp; &quot;friends&quot;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toMatch(/<svg class="timeline"[^>]*>.*<rect class="fault"/s);
    expect(html).toMatch(/<path class="mark action"/);
    expect(html).toContain("default-src 'none'");
  });

  it('exports JSON that reads back as the same debrief, with a safe file name', () => {
    const json = exportDebrief(d, 'json');
    expect(json.filename).toBe('failover-dojo-test-stale-r-test-1.json');
    expect(JSON.parse(json.content)).toEqual(JSON.parse(JSON.stringify(d)));
    expect(exportDebrief(d, 'html').filename).toMatch(/\.html$/);
    expect(exportDebrief(d, 'md').content).toContain('## Checks');
  });
});

describe('notes and facilitator hints', () => {
  it('land on the timeline, in the debrief’s notes and in both exports, apart from the scenario’s hints', () => {
    const events = gradedStory();
    const last = events[events.length - 1]!;
    const extra = [
      {
        kind: 'note' as const,
        author: 'trainee' as const,
        name: 'Ana',
        text: 'redis-1 looks stale, fencing it',
      },
      {
        kind: 'hint' as const,
        index: -1,
        text: 'Who claims to be master?',
        from: 'facilitator' as const,
      },
      {
        kind: 'note' as const,
        author: 'facilitator' as const,
        text: 'asked the right question here',
      },
    ].map((b, i) => ({ ...b, runId: last.runId, seq: last.seq + 1 + i, t: T0 + 12_000 + i * 100 }));
    const d = buildDebrief(scenario, [
      ...events.slice(0, -1),
      ...extra,
      { ...last, seq: last.seq + 10 },
    ]);
    expect(d.notes).toEqual([
      {
        at: expect.any(Number),
        author: 'trainee',
        name: 'Ana',
        text: 'redis-1 looks stale, fencing it',
      },
      { at: expect.any(Number), author: 'facilitator', text: 'hint: Who claims to be master?' },
      { at: expect.any(Number), author: 'facilitator', text: 'asked the right question here' },
    ]);
    expect(d.hints.every((h) => h.index >= 0)).toBe(true);
    expect(d.timeline.filter((e) => e.kind === 'note').map((e) => e.label)).toEqual([
      'note (Ana)',
      'facilitator’s note',
    ]);
    expect(debriefToMarkdown(d)).toContain('redis-1 looks stale, fencing it');
    expect(debriefToHtml(d)).toContain('asked the right question here');
  });
});

describe('the run timing a group debrief compares', () => {
  it('says when the fault and the tell came and the first fence, with the reaction and the engine apart', () => {
    const d = buildDebrief(scenario, gradedStory());
    const t = d.timing!;
    expect(t.staleLeader).toBe('redis-1');
    expect(t.faultAt).toBeGreaterThan(0);
    expect(t.tellAt).toBeGreaterThanOrEqual(t.faultAt!);
    expect(t.firstFence).toMatchObject({ move: 'isolate-clients redis-1', node: 'redis-1' });
    // The good story fences at 10.5 s, after a tell a few seconds past the 5 s fault.
    expect(t.firstFence!.reactionSeconds).toBeGreaterThan(0);
    expect(t.firstFence!.reactionSeconds).toBeLessThan(6);
  });
});
