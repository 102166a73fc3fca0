import { describe, expect, it } from 'vitest';
import type { RunEvent, RunEventBody } from '../../shared/run-events';
import { gradeRun } from '../grading/grade-run';
import { T0, staleLeaderStory, testScenario } from '../testing/test-history';
import { buildDebrief } from './debrief';
import { debriefToHtml } from './debrief-html';
import { debriefToMarkdown } from './debrief-markdown';

/**
 * What a reader of an exported debrief sees: the checks by their titles with
 * the points the app showed, where the time checks fell in their bands, the
 * loss band next to the reference's loss, the hints, the pace, the player,
 * and the files of keys saved.
 */

const scenario = testScenario({
  grading: {
    passMark: 70,
    checks: [
      { check: 'stale-leader-stopped-writes', weight: 25, params: { timeBands: [5, 20] } },
      { check: 'fenced-before-rejoin', weight: 20 },
      { check: 'did-not-fence-new-master', weight: 15 },
      { check: 'acked-writes-lost', weight: 15, params: { lostBands: [150, 300] } },
      { check: 'divergent-writes-saved', weight: 10 },
      { check: 'final-health', weight: 15 },
    ],
  },
  hints: [
    { after: '10s', text: 'Count the nodes that claim master.' },
    { after: '40s', text: 'Fence the old master from its clients.' },
  ],
  referenceLost: 114,
});

/** Inserts extra events at ms offsets and numbers the history again in time order. */
function withEvents(events: RunEvent[], extra: [number, RunEventBody][]): RunEvent[] {
  const runId = events[0]!.runId;
  const added = extra.map(([at, body]) => ({ ...body, runId, seq: 0, t: T0 + at }));
  return [...events, ...added]
    .sort((a, b) => a.t - b.t || a.seq - b.seq)
    .map((e, i) => ({ ...e, seq: i + 1 }));
}

/** A late fence (half credit), a fair loss, one hint asked for, keys saved from redis-1. */
function playedRun(): RunEvent[] {
  const story = staleLeaderStory(scenario, {
    fenceAt: 17_700,
    exportAt: 18_000,
    healAt: 20_000,
    demoteAt: 21_000,
    unfenceAt: 24_000,
    endAt: 27_000,
    lost: 180,
  }).map((e) => {
    if (e.kind === 'scenario') return { ...e, player: 'Ana <Ops>', pace: 'human' as const };
    if (e.kind === 'exported-keys') return { ...e, name: 'redis-1-keys-18000.txt' };
    return e;
  });
  const events = withEvents(story, [
    [
      12_000,
      { kind: 'hint', index: 0, text: 'Count the nodes that claim master.', requested: true },
    ],
  ]);
  const last = events.at(-1)!;
  return [
    ...events,
    {
      kind: 'grade',
      result: gradeRun(scenario, events),
      runId: last.runId,
      seq: last.seq + 1,
      t: last.t + 10,
    },
  ];
}

describe('an exported debrief, as its reader sees it', () => {
  const d = buildDebrief(scenario, playedRun());

  it('the debrief carries the hints shown and the files of keys saved, from the history alone', () => {
    expect(d.hints).toEqual([{ index: 0, at: 12_000, requested: true }]);
    expect(d.exports).toEqual([
      { at: 18_050, node: 'redis-1', keys: 321, name: 'redis-1-keys-18000.txt' },
    ]);
    expect(d.player).toBe('Ana <Ops>');
    expect(d.pace).toBe('human');
    const stopped = d.grade.checks.find((c) => c.check === 'stale-leader-stopped-writes');
    expect(stopped?.figures).toMatchObject({ band: 'partial', seconds: 7.9 });
  });

  it('Markdown: titles and points as the app shows them, bands, loss next to the reference, who played', () => {
    const md = debriefToMarkdown(d);
    expect(md).toContain(
      'Played by Ana &lt;Ops&gt; at human pace; 1 of 2 hints shown, 1 asked for.',
    );
    expect(md).toContain('| Check | Verdict | Points | Why |');
    expect(md).toContain(
      '| The stale leader stopped taking writes (`stale-leader-stopped-writes`) | PASS | 12.5 / 25 (half credit: writes stopped 7.9 s after the tell; full within 5 s, half within 20 s) |',
    );
    expect(md).toContain(
      '| Acknowledged writes lost (`acked-writes-lost`) | PASS | 7.5 / 15 (half credit: 180 acknowledged writes lost; good up to 150, fair up to 300) |',
    );
    expect(md).toContain(
      '| The new master was left alone (`did-not-fence-new-master`) | PASS | 15 / 15 |',
    );
    expect(md).not.toMatch(/\| (0\.5|1|0) \|/); // no bare credit column
    expect(md).toContain(
      'This run lost 180 acknowledged writes: the fair band (good up to 150, fair up to 300).',
    );
    expect(md).toContain(
      "The scripted reference (a bot's best case, acting seconds after the fault) lost 114 acknowledged writes when measured here; this run lost 180.",
    );
    expect(md).toContain(
      '### Saved keys\n\n- redis-1: 321 keys saved at 18.1 s (file redis-1-keys-18000.txt)',
    );
  });

  it('HTML: the same words, escaped, with the check id as a small code', () => {
    const html = debriefToHtml(d);
    expect(html).toContain(
      '<p class="meta played">Played by Ana &lt;Ops&gt; at human pace; 1 of 2 hints shown, 1 asked for.</p>',
    );
    expect(html).toContain(
      '<td>The stale leader stopped taking writes<code class="check-id">stale-leader-stopped-writes</code></td><td class="v-pass">PASS</td><td class="points">12.5 / 25 (half credit: writes stopped 7.9 s after the tell; full within 5 s, half within 20 s)</td>',
    );
    expect(html).toContain('<th>Points</th>');
    expect(html).not.toContain('<th>Credit</th>');
    expect(html).toContain(
      '<p class="loss">This run lost 180 acknowledged writes: the fair band (good up to 150, fair up to 300).</p>',
    );
    expect(html).toContain('bot&#39;s best case');
    expect(html).toContain(
      '<h3>Saved keys</h3><ul class="saved">\n<li>redis-1: 321 keys saved at 18.1 s (file redis-1-keys-18000.txt)</li>',
    );
  });

  it('says so when nobody gave a name, no hint was shown and nothing was saved', () => {
    const plain = buildDebrief(
      scenario,
      staleLeaderStory(scenario, { fenceAt: 10_000, healAt: 14_000, endAt: 20_000 }),
    );
    const md = debriefToMarkdown(plain);
    expect(md).toContain(
      "Played (no name given) at fast pace (the self-test's timings); no hint shown (of 2).",
    );
    expect(md).not.toContain('Saved keys');
  });
});
