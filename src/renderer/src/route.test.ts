import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute, type Route } from './route';

describe('routes', () => {
  it('round-trips the history filters through the address, names with any printable character', () => {
    const routes: Route[] = [
      { name: 'history' },
      { name: 'history', scenarioId: 'stale-leader' },
      { name: 'history', player: "Zoë O'Brien & co = #1 ?" },
      { name: 'history', scenarioId: 'zombie-primary', unnamed: true },
    ];
    for (const r of routes) expect(parseRoute(hrefFor(r))).toEqual(r);
    expect(hrefFor({ name: 'history', scenarioId: 'stale-leader', player: 'Ana' })).toBe(
      '#/history?scenario=stale-leader&player=Ana',
    );
  });

  it('drops filters that are not a scenario id or a name', () => {
    expect(parseRoute('#/history?scenario=../x&player=%20Ana')).toEqual({ name: 'history' });
    expect(parseRoute(`#/history?player=${'x'.repeat(41)}&unnamed=1`)).toEqual({
      name: 'history',
      unnamed: true,
    });
    expect(parseRoute('#/historyx')).toEqual({ name: 'home' });
    expect(parseRoute('#/debrief/run-1')).toEqual({ name: 'debrief', runId: 'run-1' });
  });
});

describe('studio route', () => {
  it('opens or copies a scenario by id, and drops anything that is not one', () => {
    const routes: Route[] = [
      { name: 'studio' },
      { name: 'studio', open: 'my-stale-leader' },
      { name: 'studio', copy: 'stale-leader' },
    ];
    for (const r of routes) expect(parseRoute(hrefFor(r))).toEqual(r);
    expect(parseRoute('#/studio?open=../etc/passwd')).toEqual({ name: 'studio' });
    expect(parseRoute('#/studiox')).toEqual({ name: 'home' });
  });
});
