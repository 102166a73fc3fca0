import { useSyncExternalStore } from 'react';

/** The screens, addressed by the URL hash so a reload (or an e2e test) lands on the same one. */
export type Route =
  { name: 'home' } | { name: 'run'; runId: string } | { name: 'debrief'; runId: string };

export function parseRoute(hash: string): Route {
  const run = /^#\/runs\/([a-z0-9-]{1,64})$/.exec(hash);
  if (run) return { name: 'run', runId: run[1]! };
  const debrief = /^#\/debrief\/([a-z0-9-]{1,64})$/.exec(hash);
  if (debrief) return { name: 'debrief', runId: debrief[1]! };
  return { name: 'home' };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'run':
      return `#/runs/${route.runId}`;
    case 'debrief':
      return `#/debrief/${route.runId}`;
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
