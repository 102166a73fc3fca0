import { memo, useMemo } from 'react';
import type { SampleChartProps } from '../../../renderer/src/charts/chart-data';
import { ROLE_COLORS, SERIES_COLORS } from '../../../renderer/src/charts/colors';
import { vipClientLanes, vipHolderLanes, vrrpStateLanes } from './keepalived-data';
import { RolesChart, type LanePalette } from '../../../renderer/src/charts/roles-chart';

/** VRRP states: MASTER like a master, BACKUP like a replica, FAULT red, INIT grey. */
export const VRRP_PALETTE: LanePalette = {
  colors: {
    MASTER: ROLE_COLORS.master,
    BACKUP: ROLE_COLORS.replica,
    FAULT: '#ef4444',
    INIT: '#8b95a5',
    unknown: ROLE_COLORS.unknown,
    absent: ROLE_COLORS.absent,
  },
  labels: { unknown: 'UNKNOWN', absent: 'not probed' },
  legend: ['MASTER', 'BACKUP', 'FAULT', 'INIT', 'unknown'],
  dim: ['BACKUP'],
};

const VIP_PALETTE: LanePalette = {
  colors: {
    held: ROLE_COLORS.master,
    'not-held': '#334155',
    unknown: ROLE_COLORS.unknown,
    absent: ROLE_COLORS.absent,
  },
  labels: { held: 'VIP on its interface', 'not-held': 'no VIP', unknown: 'UNKNOWN' },
  legend: ['held', 'not-held', 'unknown'],
};

/** The client's lanes: one colour per router (as in the per-router charts), none, unknown. */
function clientPalette(routers: string[]): LanePalette {
  const colors: Record<string, string> = {
    none: '#ef4444',
    other: '#8b95a5',
    unknown: ROLE_COLORS.unknown,
    absent: ROLE_COLORS.absent,
  };
  routers.forEach((r, i) => (colors[r] = SERIES_COLORS[i % SERIES_COLORS.length]!));
  return {
    colors,
    labels: { none: 'no entry / no answer', other: 'another MAC', unknown: 'UNKNOWN' },
    legend: [...routers, 'none'],
  };
}

/** A per-router lane chart: which lanes, their colours, its test id and title. */
interface RouterLaneChart {
  lanes: (routers: string[]) => ReturnType<typeof vrrpStateLanes>;
  palette: LanePalette;
  testId: string;
  title: string;
}

function routerLaneChart(def: RouterLaneChart) {
  return memo(function RouterLanes({
    samples,
    t0,
    routers,
    faults,
  }: SampleChartProps & { routers: string[] }) {
    const lanes = useMemo(() => def.lanes(routers), [routers]);
    return (
      <RolesChart
        samples={samples}
        t0={t0}
        nodes={lanes}
        faults={faults}
        palette={def.palette}
        testId={def.testId}
        title={def.title}
      />
    );
  });
}

/** "VRRP state per router": two lanes in MASTER at once is the dual master. */
export const VrrpStatesChart = routerLaneChart({
  lanes: vrrpStateLanes,
  palette: VRRP_PALETTE,
  testId: 'chart-vrrp-states',
  title: 'VRRP state per router',
});

/** "VIP on the interface" per router (`ip addr`): healthy = one lane lit. */
export const VipHoldersChart = routerLaneChart({
  lanes: vipHolderLanes,
  palette: VIP_PALETTE,
  testId: 'chart-vip-holders',
  title: 'Who holds the VIP',
});

/**
 * The client's view over time: the router its ARP entry for the VIP points
 * at, and the router that answered its last GET. Each colour change is the
 * client's traffic moving to the other router.
 */
export const VipClientChart = memo(function VipClientChart({
  samples,
  t0,
  client,
  routers,
  faults,
}: SampleChartProps & { client: string; routers: string[] }) {
  const lanes = useMemo(() => vipClientLanes(client), [client]);
  const palette = useMemo(() => clientPalette(routers), [routers]);
  return (
    <RolesChart
      samples={samples}
      t0={t0}
      nodes={lanes}
      faults={faults}
      palette={palette}
      testId="chart-vip-client"
      title={`The client's view of the VIP (${client})`}
    />
  );
});
