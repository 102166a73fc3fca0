import { describe, expect, it } from 'vitest';
import { gradeRun } from '../../../core/grading/grade-run';
import { keepalivedStory, testKeepalivedScenario } from './testing/keepalived-test-history';
import { buildDebrief } from '../../../core/debrief/debrief';
import { debriefToHtml } from '../../../core/debrief/debrief-html';
import { debriefToMarkdown } from '../../../core/debrief/debrief-markdown';
import { KEEPALIVED_MERGE_MS, KeepalivedLogMerger } from './keepalived-timeline';
import { buildTimeline } from '../../../core/debrief/timeline';

const scenario = testKeepalivedScenario();
const story = () =>
  keepalivedStory(scenario, {
    stopRogueAt: 12_000,
    announceAt: 13_000,
    healAt: 15_000,
    startRogueAt: 16_000,
  });

describe('the timeline of a keepalived run', () => {
  it("shows the VRRP states, the VIP, the client's ARP view and keepalived's log with repeats merged", () => {
    const tl = buildTimeline(story(), 'keepalived').filter((e) => e.at >= 8000 && e.at <= 13_000);
    expect(tl.map((e) => [e.at, e.kind, e.label])).toEqual([
      [8000, 'keepalived', 'router-2: entering MASTER'],
      [8000, 'tell', '2 routers in VRRP MASTER'],
      [8000, 'tell', 'router-2: VRRP BACKUP → MASTER'],
      [8000, 'tell', 'router-2 took the VIP'],
      [8000, 'tell', '2 MACs answer ARP for the VIP'],
      [8000, 'tell', "client's ARP entry for the VIP → router-2"],
      [9000, 'keepalived', 'router-2: advert send error ×3'],
      [12_000, 'action', 'stop-keepalived router-2'],
      [12_000, 'tell', '1 router in VRRP MASTER'],
      [12_000, 'tell', 'router-2: VRRP MASTER → silent'],
      [12_000, 'tell', 'router-2 gave up the VIP'],
      [12_000, 'tell', '1 MAC answers ARP for the VIP'],
      [12_100, 'keepalived', 'router-2: keepalived stopped'],
      [13_000, 'action', 'announce-vip router-1'],
      [13_000, 'tell', "client's ARP entry for the VIP → router-1"],
    ]);
    const macs = tl.find((e) => e.label === '2 MACs answer ARP for the VIP');
    expect([macs?.node, macs?.detail]).toEqual(['client', 'router-1, router-2']);
    expect(tl.find((e) => e.label.startsWith('router-2: advert send error'))?.detail).toBe(
      '(dojo_vip): send advert error 1 (Operation not permitted) (3 times over 2.0 s)',
    );
  });

  it('merges only the same event of the same router within the merge window', () => {
    const m = new KeepalivedLogMerger();
    const e = (node: string) => ({
      node,
      event: 'lower-priority-advert' as const,
      line: 'forcing new election',
    });
    const a = m.add(1000, 0, e('router-1'));
    expect(m.add(2000, 1000, e('router-1'))).toBeUndefined();
    const other = m.add(2100, 1100, e('router-2'));
    const later = m.add(2000 + KEEPALIVED_MERGE_MS + 1, 4001, e('router-1'));
    m.finish();
    expect(a?.label).toBe('router-1: lower-priority advert: forcing election ×2');
    expect(other?.label).toBe('router-2: lower-priority advert: forcing election');
    expect(later?.label).toBe('router-1: lower-priority advert: forcing election');
  });
});

describe('the exports of a keepalived debrief', () => {
  const events = story();
  const d = buildDebrief(scenario, [
    ...events,
    {
      kind: 'grade',
      result: gradeRun(scenario, events),
      runId: 'r-test-1',
      seq: 99_999,
      t: events.at(-1)!.t + 10,
    },
  ]);

  it('has the observations and a ledger of requests with answers per router', () => {
    expect(d.observations?.map((o) => o.looksLike)).toEqual([
      'A network blip; one reset and on.',
      'Application flakiness in the gateway.',
    ]);
    expect(d.ledger.answeredBy?.['router-2']).toBeGreaterThan(0);
  });

  it('renders Markdown in requests, not writes, with the observations under the misdiagnoses', () => {
    const md = debriefToMarkdown(d);
    const a = d.ledger.answeredBy!;
    expect(md).toContain('## Requests through the VIP');
    expect(md).toContain(
      `${d.ledger.attempts} requests: ${d.ledger.acked} answered, ${d.ledger.failed} failed, ${d.ledger.indeterminate} timed out.`,
    );
    expect(md).toContain(`| router-1 | ${a['router-1']} |\n| router-2 | ${a['router-2']} |`);
    expect(md).not.toMatch(/Write ledger|acknowledged|lost keys|Lost keys|fate/i);
    expect(md).toContain('### What this run showed against them');
    expect(md).toContain('- **A network blip; one reset and on.** The split lasted 4.0 s');
    expect(md.indexOf('### Misdiagnoses')).toBeLessThan(md.indexOf('### What this run showed'));
    expect(md).toMatch(/\| 9\.0 s \| keepalived \| router-2: advert send error ×3 \| router-2 \|/);
    expect(md).toContain('- Routers in VRRP MASTER: router-1');
    // Checks by their keepalived titles, with the points and bands the app shows.
    expect(md).toContain(
      '| The dual master ended (`dual-master-ended`) | PASS | 25 / 25 (full credit: the split ended 4 s after the tell; full within 20 s, no half credit) |',
    );
    expect(md).toContain(
      '| Requests that failed or timed out (`requests-failed`) | PASS | 10 / 10 (full credit: 2 requests failed or timed out; good up to 6, fair up to 20) |',
    );
    expect(md).toContain('| The pair was left healthy (`final-health`) | PASS | 25 / 25 |');
  });

  it('renders HTML the same way, escaped, with keepalived marks in the cluster lane', () => {
    const html = debriefToHtml(d);
    expect(html).toContain('<h2>Requests through the VIP</h2>');
    expect(html).toContain(
      `<tr><td class="node">router-1</td><td class="num">${d.ledger.answeredBy!['router-1']}</td></tr>`,
    );
    expect(html).not.toMatch(/Write ledger|no write has a fate/);
    expect(html).toContain('<h3>What this run showed against them</h3><ul class="observations">');
    expect(html).toContain(
      '<li><strong>Application flakiness in the gateway.</strong> During the split',
    );
    expect(html).toContain('router-2&#39;s MAC');
    expect(html).toMatch(
      /<circle class="mark keepalived"[^>]*><title>9\.0 s router-2: advert send error ×3/,
    );
  });
});

describe('a keepalived debrief without a ledger event', () => {
  it('counts the requests from the records, answered per router', () => {
    const events = story().filter((e) => e.kind !== 'ledger');
    const full = buildDebrief(scenario, story()).ledger;
    const d = buildDebrief(scenario, events);
    expect(d.ledger).toEqual(full);
    expect(Object.keys(d.ledger.answeredBy ?? {}).sort()).toEqual(['router-1', 'router-2']);
  });
});
