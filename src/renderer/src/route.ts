import { useSyncExternalStore } from 'react';
import { playerNameProblem } from '../../shared/player-name';

/** Which attempts the history view lists: one scenario, one person (or nobody named), or all. */
export interface HistoryFilter {
  /** Only attempts of this scenario id. */
  scenarioId?: string;
  /** Only attempts played under this name. */
  player?: string;
  /** Only attempts played without a name (scripted responses, older attempts). */
  unnamed?: true;
}

/** The screens, addressed by the URL hash so a reload (or an e2e test) lands on the same one. */
export type Route =
  | { name: 'home' }
  | { name: 'run'; runId: string }
  /** A trainee's run as the facilitator watches it (read-only). */
  | { name: 'watch'; runId: string }
  | { name: 'debrief'; runId: string }
  | ({ name: 'history' } & HistoryFilter)
  /** The facilitator's game days: create, start, watch the board. */
  | { name: 'gameday'; gameDayId?: string }
  /** The scenario studio; `open` a scenario of the catalog, or `copy` a shipped one to edit. */
  | { name: 'studio'; open?: string; copy?: string };

const SCENARIO_ID = /^[a-z][a-z0-9-]{0,63}$/;

/** `#/history`, `#/history?scenario=stale-leader&player=Ana`, `#/history?unnamed=1`. */
function parseHistory(query: string): Route {
  const params = new URLSearchParams(query);
  const route: Route = { name: 'history' };
  const scenarioId = params.get('scenario');
  if (scenarioId && SCENARIO_ID.test(scenarioId)) route.scenarioId = scenarioId;
  const player = params.get('player');
  if (player !== null && playerNameProblem(player) === undefined) route.player = player;
  else if (params.get('unnamed') === '1') route.unnamed = true;
  return route;
}

export function parseRoute(hash: string): Route {
  const run = /^#\/runs\/([a-z0-9-]{1,64})$/.exec(hash);
  if (run) return { name: 'run', runId: run[1]! };
  const watch = /^#\/watch\/([a-z0-9-]{1,64})$/.exec(hash);
  if (watch) return { name: 'watch', runId: watch[1]! };
  const debrief = /^#\/debrief\/([a-z0-9-]{1,64})$/.exec(hash);
  if (debrief) return { name: 'debrief', runId: debrief[1]! };
  const gameday = /^#\/gameday(?:\/(g[0-9a-f]{16}))?$/.exec(hash);
  if (gameday) return gameday[1] ? { name: 'gameday', gameDayId: gameday[1] } : { name: 'gameday' };
  const studio = /^#\/studio(?:\?(.*))?$/.exec(hash);
  if (studio) {
    const params = new URLSearchParams(studio[1] ?? '');
    const open = params.get('open');
    const copy = params.get('copy');
    if (open && SCENARIO_ID.test(open)) return { name: 'studio', open };
    if (copy && SCENARIO_ID.test(copy)) return { name: 'studio', copy };
    return { name: 'studio' };
  }
  const history = /^#\/history(?:\?(.*))?$/.exec(hash);
  if (history) return parseHistory(history[1] ?? '');
  return { name: 'home' };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'run':
      return `#/runs/${route.runId}`;
    case 'debrief':
      return `#/debrief/${route.runId}`;
    case 'watch':
      return `#/watch/${route.runId}`;
    case 'gameday':
      return route.gameDayId ? `#/gameday/${route.gameDayId}` : '#/gameday';
    case 'studio':
      return route.open
        ? `#/studio?open=${route.open}`
        : route.copy
          ? `#/studio?copy=${route.copy}`
          : '#/studio';
    case 'history': {
      const params = new URLSearchParams();
      if (route.scenarioId) params.set('scenario', route.scenarioId);
      if (route.player !== undefined) params.set('player', route.player);
      else if (route.unnamed) params.set('unnamed', '1');
      const query = params.toString();
      return query ? `#/history?${query}` : '#/history';
    }
    default:
      return '#/';
  }
}

export function navigate(route: Route): void {
  const href = hrefFor(route);
  if (window.location.hash !== href) window.location.hash = href;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

const getHash = () => window.location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash, () => '');
  return parseRoute(hash);
}
