import type {
  FinalHealth,
  KeepalivedFinalHealth,
  PatroniFinalHealth,
} from '../../../shared/scenario-types';

/**
 * One row of the panel: what, the value, whether it is healthy (`unknown`:
 * what it needs could not be read, so it is neither healthy nor not).
 */
type Row = [label: string, value: string, ok: boolean | 'unknown', testId: string];

function views(v: Record<string, string>): string {
  return (
    Object.entries(v)
      .map(([who, names]) => `${who}→${names}`)
      .join(' · ') || '—'
  );
}

function agree(v: Record<string, string>): boolean {
  const named = Object.values(v);
  return new Set(named).size === 1 && !named.includes('?');
}

function pairs(v: Record<string, string | number>): string {
  return (
    Object.entries(v)
      .map(([k, x]) => `${k}=${x}`)
      .join(' · ') || '—'
  );
}

function caughtUp(h: FinalHealth): string {
  return `${h.replicasCaughtUp.length} of ${h.replicasExpected}${
    h.replicasCaughtUp.length ? ` (${h.replicasCaughtUp.join(', ')})` : ''
  }`;
}

function leftovers(h: FinalHealth): Row[] {
  return [
    ['faults left', h.activeFaults.join(', ') || 'none', h.activeFaults.length === 0, 'faults'],
    ['fences left', h.activeFences.join(', ') || 'none', h.activeFences.length === 0, 'fences'],
  ];
}

/** Redis Sentinel wording: masters, sentinels, CKQUORUM, quorum, min-replicas-to-write. */
function redisRows(h: FinalHealth): Row[] {
  const rows: Row[] = [
    ['masters', h.masters.join(', ') || 'none', h.masters.length === 1, 'masters'],
    [
      'replicas caught up',
      caughtUp(h),
      h.replicasCaughtUp.length >= h.replicasExpected,
      'replicas',
    ],
    ['sentinels name', views(h.sentinelViews), agree(h.sentinelViews), 'coordinators'],
    ['CKQUORUM', h.ckquorumOk ? 'OK' : 'not OK', h.ckquorumOk, 'quorum-ok'],
    ...leftovers(h),
  ];
  if (Object.keys(h.sentinelQuorum).length > 0)
    rows.push(['quorum', pairs(h.sentinelQuorum), true, 'quorum']);
  if (Object.keys(h.minReplicasToWrite).length > 0)
    rows.push(['min-replicas-to-write', pairs(h.minReplicasToWrite), true, 'min-replicas']);
  return rows;
}

/**
 * Patroni wording of the same facts: primaries by pg_is_in_recovery(), the
 * leader key in etcd, timelines, Patroni's roles, maintenance mode, sync.
 */
function patroniRows(h: FinalHealth, p: PatroniFinalHealth): Row[] {
  const holder = p.leaderKeyHolder;
  const onePrimary = h.masters.length === 1;
  const keyMatches = holder !== undefined && onePrimary && h.masters[0] === holder;
  const timelines = Object.values(p.timelines);
  const oneTimeline =
    timelines.length > 0 && timelines.every((t) => t === (p.leaderTimeline ?? timelines[0]));
  const roles = Object.values(p.patroniRoles);
  const rows: Row[] = [
    [
      'primaries (pg_is_in_recovery() = false)',
      h.masters.join(', ') || 'none',
      onePrimary,
      'masters',
    ],
    ['leader key (etcd)', holder ?? 'nobody holds it', keyMatches, 'leader-key'],
    ['etcd members name', views(h.sentinelViews), agree(h.sentinelViews), 'coordinators'],
    ['etcd answered, key held', h.ckquorumOk ? 'yes' : 'no', h.ckquorumOk, 'quorum-ok'],
    [
      "replicas streaming on the leader's timeline, lag 0",
      caughtUp(h),
      h.replicasCaughtUp.length >= h.replicasExpected,
      'replicas',
    ],
    [
      'timelines',
      `${pairs(p.timelines)}${p.leaderTimeline !== undefined ? ` (leader on ${p.leaderTimeline})` : ''}`,
      oneTimeline,
      'timelines',
    ],
    [
      'Patroni roles (REST)',
      pairs(p.patroniRoles),
      roles.length > 0 && !roles.includes('unknown'),
      'patroni-roles',
    ],
    [
      'maintenance mode',
      p.maintenanceMode ? 'ON (Patroni does nothing)' : 'off',
      !p.maintenanceMode,
      'maintenance',
    ],
    [
      'synchronous_mode',
      p.synchronousMode
        ? `on${p.syncStandby ? `, sync standby ${p.syncStandby}` : ', no sync standby'}`
        : 'off',
      !p.synchronousMode || p.syncStandby !== undefined,
      'sync',
    ],
    ...leftovers(h),
  ];
  return rows;
}

/** Whether a list names exactly `one` and nothing else. */
function only(list: string[], one: string | undefined): boolean {
  return one !== undefined && list.length === 1 && list[0] === one;
}

/**
 * keepalived wording: routers in MASTER, who holds the VIP and who answers
 * ARP for it, where the client's entry points, keepalived running, VRRP
 * states and virtual_router_ids (a mismatch = two VRRP groups).
 */
function keepalivedRows(h: FinalHealth, k: KeepalivedFinalHealth): Row[] {
  const master = h.masters.length === 1 ? h.masters[0] : undefined;
  const states = Object.values(k.vrrpStates);
  const unread = Object.keys(k.unreadable ?? {});
  const running = [
    ...Object.entries(k.keepalivedRunning).map(([r, up]) => `${r}=${up ? 'yes' : 'NO'}`),
    ...unread.map((r) => `${r}=could not be read`),
  ];
  const vrids = new Set(Object.values(k.virtualRouterIds));
  const clientRead = k.clientUnreadable === undefined;
  // A router that could not be read makes a failed router row unknown, never "not healthy".
  const routers = (ok: boolean): boolean | 'unknown' =>
    ok || unread.length === 0 ? ok : 'unknown';
  const client = (value: string, ok: boolean): [string, boolean | 'unknown'] =>
    clientRead ? [value, routers(ok)] : ['could not be read', 'unknown'];
  return [
    [
      'routers in MASTER',
      h.masters.join(', ') || 'none',
      h.masters.length > 1 ? false : routers(master !== undefined && unread.length === 0),
      'masters',
    ],
    [
      'VIP on the interface of',
      k.vipHolders.join(', ') || 'nobody',
      k.vipHolders.length > 1 ? false : routers(only(k.vipHolders, master) && unread.length === 0),
      'vip-holders',
    ],
    [
      'MACs answering ARP for the VIP',
      ...client(k.arpAnswerers.join(', ') || 'nobody answers', only(k.arpAnswerers, master)),
      'arp-answerers',
    ],
    [
      "the client's ARP entry points at",
      ...client(
        k.neighbourRouter ?? 'no entry (or an unknown MAC)',
        k.neighbourRouter !== undefined && k.neighbourRouter === master,
      ),
      'neighbour',
    ],
    [
      'last GET answered by',
      ...client(
        k.httpResponder ?? 'no answer',
        k.httpResponder !== undefined && k.httpResponder === master,
      ),
      'http-responder',
    ],
    [
      'backups hearing the MASTER',
      caughtUp(h),
      routers(h.replicasCaughtUp.length >= h.replicasExpected),
      'replicas',
    ],
    [
      'keepalived running',
      running.join(' · ') || '—',
      Object.values(k.keepalivedRunning).some((up) => !up)
        ? false
        : routers(running.length > 0 && unread.length === 0),
      'keepalived-running',
    ],
    [
      'VRRP states',
      pairs(k.vrrpStates),
      routers(
        states.filter((x) => x === 'MASTER').length === 1 &&
          states.every((x) => x === 'MASTER' || x === 'BACKUP'),
      ),
      'vrrp-states',
    ],
    ['virtual_router_id', pairs(k.virtualRouterIds), vrids.size === 1, 'vrid'],
    [
      'one MASTER, its MAC alone for the VIP',
      h.ckquorumOk ? 'yes' : unread.length || !clientRead ? 'not known' : 'no',
      h.ckquorumOk || clientRead ? routers(h.ckquorumOk) : 'unknown',
      'quorum-ok',
    ],
    ...leftovers(h),
  ];
}

/** The system a final health reading belongs to. */
function healthSystem(h: FinalHealth): string {
  if (h.patroni) return 'patroni';
  if (h.keepalived) return 'keepalived';
  return 'redis-sentinel';
}

/** The lab's health when the scenario ended, in the words of its system. */
export function FinalHealthPanel({ health: h }: { health: FinalHealth }) {
  const rows = h.patroni
    ? patroniRows(h, h.patroni)
    : h.keepalived
      ? keepalivedRows(h, h.keepalived)
      : redisRows(h);
  return (
    <section
      className="panel final-health"
      data-testid="final-health"
      data-system={healthSystem(h)}
    >
      <div className="panel-title">
        <h3>Final health</h3>
      </div>
      <table className="table compact">
        <tbody>
          {rows.map(([k, v, ok, id]) => (
            <tr
              key={id}
              className={ok === 'unknown' ? 'unknown' : ok ? 'ok' : 'bad'}
              data-testid={`health-${id}`}
              data-ok={ok === 'unknown' ? 'unknown' : ok ? 'true' : 'false'}
            >
              <th scope="row">{k}</th>
              <td className="mono">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
