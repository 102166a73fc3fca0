/**
 * Scenario figures for `npm run bench`, printed, never asserted:
 *
 *   - tell latency: from the moment the second master appears, taken from the
 *     node itself, to the moment the UI's "nodes claiming master" readout shows
 *     2 in Chromium; and the same for the engine's probe sample (tell latency
 *     without the UI). Redis (stale-leader): the new master's own log line
 *     "MASTER MODE enabled". Patroni (unmanaged-primary): the new leader's
 *     Patroni log line "promoted self to leader" (PostgreSQL leaves recovery
 *     right after it);
 *   - the engine process's CPU (% of one core) and memory while each
 *     scenario runs (workload writing, probes sampling, UI attached).
 *
 * Option: --scenario ID (only that one: stale-leader, unmanaged-primary, vrrp-dual-master,
 * minority-leader or zombie-lock-holder). Raft: the new leader's own log line, to the members
 * table naming it and to the first sample in which it leads. Lock service: worker-2's own status line saying it took the lock.
 *
 * Needs a built renderer (`npm run build`) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
 */
import path from 'node:path';
import { chromium } from '@playwright/test';
import { createEngine } from '../src/core';
import { startServer } from '../src/server/http-host';
import type { ProbeSample } from '../src/shared/lab-types';
import type { RunEvent } from '../src/shared/run-events';

/** npm scripts run at the repository root. */
const root = process.cwd();

/** `1:M 23 Nov 2026 08:01:53.123 * MASTER MODE enabled ...` -> ms since epoch (container clocks are UTC). */
function masterModeTime(lines: string[]): number | undefined {
  for (const line of lines) {
    if (!line.includes('MASTER MODE enabled')) continue;
    const m = /(\d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2})\.(\d{3})/.exec(line);
    if (m) return Date.parse(`${m[1]} UTC`) + Number(m[2]);
  }
  return undefined;
}

/** `2026-11-23 08:01:53,123 INFO: promoted self to leader ...` -> ms since epoch (UTC). */
function patroniPromotedTime(lines: string[]): number | undefined {
  for (const line of lines) {
    if (!line.includes('promoted self to leader')) continue;
    const m = /(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3})/.exec(line);
    if (m) return Date.parse(`${m[1]}T${m[2]}Z`) + Number(m[3]);
  }
  return undefined;
}

/** `dojo: VRRP INSTANCE dojo_vip -> MASTER (priority 100) at 1796281594377` (the notify script, ms). */
function vrrpMasterTime(lines: string[]): number | undefined {
  for (const line of lines) {
    const m = /-> MASTER \(priority \d+\) at (\d{13})/.exec(line);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/**
 * etcd 3.4: `2026-12-06 19:00:00.123456 I | raft: ... became leader at term 3` (capnslog, UTC,
 * microseconds) or `raft2026/12/06 19:00:00 INFO: ... became leader at term 3` (the raft
 * library's own logger, whole seconds: then the figure is only good to a second) -> ms.
 */
function raftLeaderTime(lines: string[]): number | undefined {
  let found: number | undefined;
  for (const line of lines) {
    if (!/became leader at term/.test(line)) continue;
    const fine = /(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(\.\d+)?/.exec(line);
    const coarse = /raft(\d{4})\/(\d\d)\/(\d\d) (\d\d:\d\d:\d\d)/.exec(line);
    const t = fine
      ? Date.parse(`${fine[1]}T${fine[2]}Z`) + Math.round(Number(fine[3] ?? 0) * 1000)
      : coarse
        ? Date.parse(`${coarse[1]}-${coarse[2]}-${coarse[3]}T${coarse[4]}Z`)
        : undefined;
    // The last one: the election after the cut, not the leadership handed over before the start.
    if (t !== undefined) found = t;
  }
  return found;
}

interface TellBench {
  scenario: string;
  /** Nodes that may become the second master. */
  candidates: string[];
  /** When the node says it became master, from its log. */
  nodeTime?: (lines: string[]) => number | undefined;
  /** Or from the run's history: when the candidate says so itself, by its own clock. */
  eventTime?: (e: RunEvent, candidate: string) => number | undefined;
  what: string;
  /** When the UI shows the tell: this test id's attribute passes `shows` (default: the headline reads 2). */
  ui?: { testId: string; attribute: string; shows: string };
  /** When an engine sample shows it (default: two masters claimed). */
  probeShows?: (s: ProbeSample) => boolean;
}

const BENCHES: TellBench[] = [
  {
    scenario: 'stale-leader',
    candidates: ['redis-2', 'redis-3'],
    nodeTime: masterModeTime,
    what: 'became master',
  },
  {
    scenario: 'unmanaged-primary',
    candidates: ['pg-2', 'pg-3'],
    nodeTime: patroniPromotedTime,
    what: 'promoted by Patroni',
  },
  {
    scenario: 'vrrp-dual-master',
    candidates: ['router-2'],
    nodeTime: vrrpMasterTime,
    what: 'entered VRRP MASTER',
  },
  {
    // Raft: no second leader ever shows; the tell is the majority electing one of its own,
    // which the members table shows as its leader.
    scenario: 'minority-leader',
    candidates: ['raft-2', 'raft-3'],
    nodeTime: raftLeaderTime,
    what: 'became leader (its own log line)',
    ui: { testId: 'raft-members', attribute: 'data-leaders', shows: '^raft-[23]$' },
    probeShows: (s) => s.nodes.some((n) => n.node !== 'raft-1' && n.role === 'master'),
  },
  {
    // The headline counts the workers that say they hold the lock: 2 once worker-2 took it
    // while worker-1 sleeps. Node truth: worker-2's own status line, stamped by its clock.
    scenario: 'zombie-lock-holder',
    candidates: ['worker-2'],
    eventTime: (e, worker) =>
      e.kind === 'lock-event' && e.node === worker && e.holding ? e.at : undefined,
    what: 'took the lock (its own status line)',
  },
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.includes('--scenario') ? args[args.indexOf('--scenario') + 1] : undefined;
  for (const bench of BENCHES.filter((b) => !only || b.scenario === only)) await benchTell(bench);
}

async function benchTell(bench: TellBench): Promise<void> {
  const engine = await createEngine();
  const server = await startServer({ engine, rendererDir: path.join(root, 'out/renderer') });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  const cpu: number[] = [];
  const rss: number[] = [];
  try {
    const page = await browser.newPage();
    // Record, in the page, the wall-clock moment the readout first shows 2.
    const ui = bench.ui ?? { testId: 'masters-claimed', attribute: 'data-value', shows: '^2$' };
    await page.addInitScript((u) => {
      const w = window as unknown as { __dojoTell2?: number };
      const shows = new RegExp(u.shows);
      new MutationObserver(() => {
        const el = document.querySelector(`[data-testid="${u.testId}"]`);
        if (w.__dojoTell2 === undefined && shows.test(el?.getAttribute(u.attribute) ?? ''))
          w.__dojoTell2 = Date.now();
      }).observe(document, { subtree: true, attributes: true, childList: true });
    }, ui);
    await page.goto(server.url);
    await page.locator('[data-app-ready="true"]').waitFor();

    let firstTwoSample: ProbeSample | undefined;
    const saidAt = new Map<string, number>();
    engine.onEvent((e) => {
      if (e.type === 'run' && bench.eventTime)
        for (const c of bench.candidates) {
          const t = bench.eventTime(e.event, c);
          if (t !== undefined && !saidAt.has(c)) saidAt.set(c, t);
        }
      const shows = bench.probeShows ?? ((x: ProbeSample) => x.mastersClaimed >= 2);
      if (e.type === 'run' && e.event.kind === 'sample' && shows(e.event.sample)) {
        firstTwoSample ??= e.event.sample;
      }
    });
    await page.getByTestId(`start-scenario-${bench.scenario}`).click();
    const runView = page.getByTestId('run-view');
    await runView.waitFor();
    const runId = (await runView.getAttribute('data-run-id')) ?? '';
    await page.waitForSelector('[data-testid="run-view"][data-phase="running"]', {
      timeout: 180_000,
    });

    let last = process.cpuUsage();
    let lastT = Date.now();
    const meter = setInterval(() => {
      const now = process.cpuUsage();
      const t = Date.now();
      cpu.push(((now.user - last.user + now.system - last.system) / 1000 / (t - lastT)) * 100);
      rss.push(process.memoryUsage().rss);
      last = now;
      lastT = t;
    }, 1000);
    await page.waitForFunction(
      () => (window as unknown as { __dojoTell2?: number }).__dojoTell2 !== undefined,
      null,
      {
        timeout: 60_000,
      },
    );
    const uiT = await page.evaluate(
      () => (window as unknown as { __dojoTell2: number }).__dojoTell2,
    );
    await new Promise((r) => setTimeout(r, 10_000)); // keep measuring through the split
    clearInterval(meter);

    let nodeT: number | undefined;
    let newMaster = '';
    for (const node of bench.candidates) {
      const t = bench.nodeTime
        ? bench.nodeTime(await engine.getLogs({ runId, node, tail: 400 }))
        : saidAt.get(node);
      if (t !== undefined && (nodeT === undefined || t < nodeT)) {
        nodeT = t;
        newMaster = node;
      }
    }
    await engine.act({ runId, action: { kind: 'end' } });
    await engine.whenRunEnded(runId);

    const avg = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    console.log(`Failover Dojo benchmark — ${bench.scenario} scenario`);
    if (nodeT === undefined)
      console.log('tell latency:                 new master log line not found');
    else {
      console.log(
        `tell latency, node -> UI:     ${uiT - nodeT} ms (${newMaster} ${bench.what}; ${ui.testId} ${ui.attribute} showed it)`,
      );
      if (firstTwoSample)
        console.log(`tell latency, node -> probe:  ${firstTwoSample.t - nodeT} ms (engine sample)`);
    }
    console.log(
      `engine CPU during scenario:   avg ${avg(cpu).toFixed(1)} %, max ${Math.max(...cpu).toFixed(1)} % of one core`,
    );
    console.log(
      `engine RSS during scenario:   avg ${(avg(rss) / 2 ** 20).toFixed(0)} MiB, max ${(Math.max(...rss) / 2 ** 20).toFixed(0)} MiB`,
    );
  } finally {
    await browser.close();
    await server.close();
    await engine.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
