import { describe, expect, it } from 'vitest';
import type { Debrief } from '../../shared/debrief-types';
import { setUpAppHarness } from './test/app-harness';
import { captureDownloads } from './test/downloads';
import { patroniDebriefFor } from '../../systems/patroni/ui/testing/patroni-fixtures';
import { click, waitFor, type Rendered } from './test/render';
import { STALE_LEADER, debriefFor } from './test/scenario-fixtures';

const app = setUpAppHarness();
const { mount, go } = app;

/**
 * A stale-leader debrief as a person played it: fenced 26 s after the tell
 * (half credit), 180 writes lost (fair band), both hints shown (one asked
 * for), keys saved twice from redis-1 and once (before downloads) from redis-3.
 */
function playedDebrief(runId: string): Debrief {
  const d = debriefFor(runId);
  return {
    ...d,
    scenario: {
      ...STALE_LEADER,
      hints: [
        { after: '30s', text: 'Look at how many nodes claim master.' },
        { after: '60s', text: 'Fence the old master from its clients.' },
      ],
      referenceLost: 114,
    },
    player: 'Ana',
    pace: 'human',
    hints: [
      { index: 0, at: 40_000, requested: false },
      { index: 1, at: 45_000, requested: true },
    ],
    exports: [
      { at: 20_000, node: 'redis-1', keys: 321, name: 'redis-1-keys-20000.txt' },
      { at: 25_000, node: 'redis-1', keys: 12, name: 'redis-1-keys-25000.txt' },
      { at: 26_000, node: 'redis-3', keys: 5 },
    ],
    grade: {
      score: 57.5,
      passMark: 70,
      passed: false,
      checks: [
        {
          check: 'stale-leader-stopped-writes',
          verdict: 'pass',
          weight: 25,
          credit: 0.5,
          why: "redis-1's last acknowledged write came 26 s after the first tell.",
          figures: {
            tellAt: 16_000,
            seconds: 26,
            band: 'partial',
            fullWithinSeconds: 20,
            partialWithinSeconds: 120,
          },
        },
        {
          check: 'acked-writes-lost',
          verdict: 'pass',
          weight: 15,
          credit: 0.5,
          why: '180 of 1100 acknowledged writes were lost: the fair band (151-300), half credit.',
          figures: { lost: 180, acked: 1100, good: 150, fair: 300, band: 'fair' },
        },
        {
          check: 'did-not-fence-new-master',
          verdict: 'pass',
          weight: 30,
          credit: 1,
          why: 'redis-2 was never fenced.',
        },
        {
          check: 'final-health',
          verdict: 'unknown',
          weight: 30,
          credit: 0,
          why: 'Sentinel-3 did not answer.',
        },
      ],
    },
    ledger: { ...d.ledger, fates: { ...d.ledger.fates!, 'acked-lost': 180 } },
  };
}

async function openDebrief(d: Debrief): Promise<Rendered> {
  app.client.debriefs.set(d.runId, d);
  const v = await mount();
  await go(`#/debrief/${d.runId}`);
  await waitFor(() => v.get('debrief'));
  return v;
}

describe('debrief: where the trainee fell', () => {
  it('shows each check by its title with the points earned and, for banded checks, the band, the figure and the limits', async () => {
    const v = await openDebrief(playedDebrief('run-5'));
    const stale = v.get('check-stale-leader-stopped-writes');
    expect(stale.textContent).toContain('The stale leader stopped taking writes');
    expect(stale.dataset.band).toBe('partial');
    expect(v.get('check-points-stale-leader-stopped-writes').textContent).toBe('12.5 / 25');
    expect(v.get('check-points-stale-leader-stopped-writes').title).toBe(
      '12.5 / 25 (half credit: writes stopped 26 s after the tell; full within 20 s, half within 120 s)',
    );
    const band = v.get('band-stale-leader-stopped-writes');
    expect([
      band.dataset.band,
      band.dataset.value,
      band.dataset.first,
      band.dataset.second,
    ]).toEqual(['partial', '26', '20', '120']);
    expect(band.textContent).toBe(
      'half credit: writes stopped 26 s after the tell · full within 20 s, half within 120 s',
    );
    const lost = v.get('band-acked-writes-lost');
    expect(lost.textContent).toBe(
      'fair band (half credit): 180 acknowledged writes lost · good up to 150, fair up to 300',
    );
    expect(v.get('check-points-acked-writes-lost').textContent).toBe('7.5 / 15');
    expect(v.get('check-points-did-not-fence-new-master').textContent).toBe('30 / 30');
    expect(v.query('band-did-not-fence-new-master')).toBeNull();
    expect(v.get('check-points-final-health').textContent).toBe('0 / 30');
    expect(v.get('check-points-final-health').title).toBe('0 / 30 (not known)');
  });

  it("shows this run's loss and its band next to the reference's, the bot's best case", async () => {
    const v = await openDebrief(playedDebrief('run-5'));
    const run = v.get('loss-this-run');
    expect([run.dataset.lost, run.dataset.band]).toEqual(['180', 'fair']);
    expect(run.textContent).toContain('fair band');
    expect(run.textContent).toContain('good up to 150, fair up to 300');
    const ref = v.get('loss-reference');
    expect(ref.dataset.lost).toBe('114');
    expect(ref.textContent).toContain("a bot's best case");
    expect(v.get('reference-loss').textContent).toContain('lost 114 acknowledged writes');
    expect(v.get('reference-loss').textContent).toContain('this run lost 180');
  });

  it('says who played, at what pace, and how many hints were shown and asked for', async () => {
    const v = await openDebrief(playedDebrief('run-5'));
    expect(v.get('debrief-player').textContent).toBe('Played by Ana');
    expect(v.get('debrief-pace').dataset.pace).toBe('human');
    expect(v.get('debrief-pace').textContent).toBe('human pace');
    const hints = v.get('debrief-hints');
    expect([hints.dataset.shown, hints.dataset.total, hints.dataset.requested]).toEqual([
      '2',
      '2',
      '1',
    ]);
    expect(hints.textContent).toBe('Hints: 2 of 2 hints shown, 1 asked for');
  });

  it('a run without a name, at the fast pace, with no hint shown, says so', async () => {
    const d = debriefFor('run-6');
    const v = await openDebrief({ ...d, pace: 'fast', responseName: 'reference' });
    expect(v.get('debrief-player').textContent).toBe('No name given');
    expect(v.get('debrief-pace').textContent).toBe("fast pace (the self-test's timings)");
    expect(v.get('debrief-hints').textContent).toBe('Hints: no hint shown (of 1)');
    expect(v.query('debrief-saved-keys')).toBeNull();
    // Checks graded before bands (seconds only) show their points and no band.
    expect(v.get('check-points-stale-leader-stopped-writes').textContent).toBe('40 / 40');
    expect(v.query('band-stale-leader-stopped-writes')).toBeNull();
  });
});

describe('debrief: the keys export-keys saved', () => {
  it('lists them and downloads one through getArtifact into a file', async () => {
    const v = await openDebrief(playedDebrief('run-5'));
    app.client.artifacts.set('redis-1-keys-25000.txt', 'dojo:w:app-pinned:000101\tv101\n');
    const saved = v.get('debrief-saved-keys');
    expect(saved.dataset.count).toBe('3');
    expect(v.get('saved-keys-0').textContent).toContain('321');
    expect(v.get('saved-keys-2').textContent).toContain('not kept for download');
    expect(v.get('saved-keys-2').querySelector('button')).toBeNull();

    const downloads = captureDownloads();
    try {
      await click(v.get('download-export-redis-1'));
      await waitFor(() =>
        expect(v.get('download-export-redis-1-status').textContent).toContain(
          'Saved redis-1-keys-25000.txt',
        ),
      );
      expect(app.client.called('getArtifact').map((c) => c.args)).toEqual([
        { runId: 'run-5', name: 'redis-1-keys-25000.txt' },
      ]);
      expect(await downloads.files()).toEqual([
        {
          filename: 'redis-1-keys-25000.txt',
          type: 'text/plain;charset=utf-8',
          text: 'dojo:w:app-pinned:000101\tv101\n',
        },
      ]);

      // The older file of the same node: the engine no longer has it.
      await click(v.get('download-export-redis-1-1'));
      await waitFor(() =>
        expect(v.get('download-export-redis-1-1-status').textContent).toContain(
          'Download failed: no file "redis-1-keys-20000.txt" in run run-5',
        ),
      );
      expect(await downloads.files()).toHaveLength(1);
    } finally {
      downloads.restore();
    }
  });

  it('shows the text where the window cannot download', async () => {
    const v = await openDebrief(playedDebrief('run-5'));
    app.client.artifacts.set('redis-1-keys-25000.txt', 'k1\nk2\n');
    const original = Object.getOwnPropertyDescriptor(URL, 'createObjectURL');
    Object.defineProperty(URL, 'createObjectURL', { value: undefined, configurable: true });
    try {
      await click(v.get('download-export-redis-1'));
      const preview = await waitFor(
        () => v.get('download-export-redis-1-preview') as HTMLTextAreaElement,
      );
      expect(preview.value).toBe('k1\nk2\n');
    } finally {
      if (original) Object.defineProperty(URL, 'createObjectURL', original);
    }
  });

  it('calls them rows in a Patroni debrief', async () => {
    const d = patroniDebriefFor('run-7');
    const v = await openDebrief({
      ...d,
      exports: [{ at: 30_000, node: 'pg-1', keys: 88, name: 'pg-1-rows-30000.tsv' }],
    });
    expect(v.get('debrief-saved-keys').textContent).toContain('Saved rows');
    expect(v.get('download-export-pg-1')).toBeTruthy();
  });
});
