import { describe, expect, it } from 'vitest';
import type { TraineeDrill } from '../../shared/game-day-types';
import { setUpAppHarness } from './test/app-harness';
import { actAsync, click, waitFor } from './test/render';
import { STALE_SUMMARY } from './test/scenario-fixtures';

const BLIND_DRILL: TraineeDrill = {
  gameDayName: 'Thursday',
  traineeName: 'Ana',
  mode: 'blind',
  system: 'redis-sentinel',
  briefing: {
    system: 'redis-sentinel',
    cluster: 'Three Redis 7.0 servers replicating from one master, watched by three Sentinels.',
    apps: ['app-sentinel writes orders to the master it gets from the sentinels.'],
    healthy: 'Exactly one node says it is master.',
    task: 'Watch the cluster.',
    minutes: 8,
  },
};

const app = setUpAppHarness((client) => {
  client.scenarios = [STALE_SUMMARY];
});

function setValue(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto =
    el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('a trainee’s link', () => {
  it('shows their drill’s neutral briefing only, asks for no catalog, and waits for the start', async () => {
    app.client.principal = {
      role: 'trainee',
      gameDayId: 'g0000000000000001',
      traineeId: 't1',
      name: 'Ana',
    };
    app.client.drill = BLIND_DRILL;
    const v = await app.mount();
    const home = await waitFor(() => v.get('trainee-home'));
    expect(home.dataset.mode).toBe('blind');
    expect(v.get('neutral-briefing').textContent).toContain('Exactly one node says it is master.');
    expect(v.get('drill-waiting').textContent).toMatch(/Waiting for the facilitator/);
    expect(v.query('nav-history')).toBeNull();
    expect(v.query('nav-gameday')).toBeNull();
    for (const m of ['listScenarios', 'listAttempts', 'listRuns', 'listLabs'])
      expect(app.client.called(m), m).toEqual([]);
    expect(home.textContent).not.toContain(STALE_SUMMARY.title);
  });
});

/** Opens the game-day screen, picks stale-leader, names the trainees and creates it; resolves once the links show. */
async function createGameDayFor(trainees: string) {
  const v = await app.mount();
  await app.go('#/gameday');
  const form = await waitFor(() => v.get('gameday-create'));
  await click(await waitFor(() => v.get(`gameday-scenario-${STALE_SUMMARY.id}`)));
  await actAsync(() => setValue(v.get('gameday-trainees') as HTMLTextAreaElement, trainees));
  await actAsync(() =>
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })),
  );
  await waitFor(() => v.get('trainee-links'));
  return v;
}

describe('the facilitator’s game day screen', () => {
  it('creates a game day from the picked scenarios and names, and shows each trainee’s link once', async () => {
    const v = await createGameDayFor('Ana\nBo\n');
    expect(app.client.called('createGameDay')).toEqual([
      {
        method: 'createGameDay',
        args: {
          name: 'Game day',
          mode: 'blind',
          timing: 'trigger',
          scenarioIds: ['stale-leader'],
          trainees: ['Ana', 'Bo'],
        },
      },
    ]);
    // The links start with the room's address (the Electron app's room server, or the served UI).
    expect(v.get('trainee-link-t2').textContent).toBe('http://127.0.0.1:4321/?token=tok-2');
    expect(v.query('room-on-network')).toBeNull();
  });

  it('says so when this host cannot serve trainees, and still shows the tokens', async () => {
    app.client.room = null;
    const v = await createGameDayFor('Ana\n');
    expect(v.get('room-unavailable').textContent).toContain('cannot serve trainees');
    expect(v.get('trainee-link-t1').textContent).toBe('token tok-1');
  });

  it('warns when the room listens on the network', async () => {
    app.client.room = { origin: 'http://192.168.1.20:4000', onNetwork: true };
    const v = await createGameDayFor('Ana\n');
    expect(v.get('room-on-network').textContent).toContain('192.168.1.20:4000');
    expect(v.get('trainee-link-t1').textContent).toBe('http://192.168.1.20:4000/?token=tok-1');
  });
});

describe('the engine pool on the game day screen', () => {
  const LOCAL = {
    id: 'local',
    name: 'this machine',
    address: 'local',
    endpoint: 'unix:///var/run/docker.sock (default)',
    dataPath: 'published' as const,
    state: 'reachable' as const,
    cpus: 2,
    memoryBytes: 8 * 1024 ** 3,
    pingMs: 2,
    labsRunning: 2,
    labsFit: 2,
    images: { present: 5, needed: 5 },
    checkedAt: 1,
  };

  it('lists the engines with their room, adds one by its address, and shows an image copy’s progress', async () => {
    app.client.engines = [LOCAL];
    const v = await app.mount();
    await app.go('#/gameday');
    const local = await waitFor(() => v.get('engine-local'));
    expect(local.dataset.labs).toBe('2');
    expect(local.textContent).toContain('2 / 2'); // full: shown as such
    expect(local.textContent).toContain('8.0 GiB');
    expect(v.query('engine-remove-local')).toBeNull(); // this machine's engine stays
    await actAsync(() => setValue(v.get('engine-address') as HTMLInputElement, 'ssh://ops@lab-2'));
    await actAsync(() => setValue(v.get('engine-name') as HTMLInputElement, 'lab-2'));
    await click(v.get('engine-add'));
    await waitFor(() => v.get('engine-e1'));
    expect(app.client.called('addEngine')[0]?.args).toEqual({
      address: 'ssh://ops@lab-2',
      name: 'lab-2',
    });
    expect(v.get('engine-add-result').textContent).toContain('added lab-2');
    // A copy in progress arrives as an `engines` event.
    const e1 = {
      ...app.client.engines[1]!,
      preparing: {
        image: 'redis',
        fraction: 0.4,
        message:
          'copying failover-dojo/redis:abc from unix:///var/run/docker.sock: 60 MB of 150 MB',
      },
    };
    await actAsync(() => app.client.emitEngine({ type: 'engines', engines: [LOCAL, e1] }));
    const progress = await waitFor(() => v.get('engine-progress-e1'));
    expect(progress.textContent).toContain('60 MB of 150 MB');
    expect(v.get('engine-e1').dataset.preparing).toBe('true');
  });
});
