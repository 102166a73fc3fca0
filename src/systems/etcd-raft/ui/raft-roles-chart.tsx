import { memo, useMemo } from 'react';
import type { SampleChartProps } from '../../../renderer/src/charts/chart-data';
import { ROLE_COLORS } from '../../../renderer/src/charts/colors';
import { RolesChart, type LanePalette } from '../../../renderer/src/charts/roles-chart';
import { RAFT_ROLE_CLASSES, raftRoleLanes } from './raft-data';

/** Raft roles: a leader like a master, a follower like a replica, no leader red, unknown as ever. */
export const RAFT_ROLE_PALETTE: LanePalette = {
  colors: {
    leader: ROLE_COLORS.master,
    follower: ROLE_COLORS.replica,
    'no-leader': '#ef4444',
    unknown: ROLE_COLORS.unknown,
    absent: ROLE_COLORS.absent,
  },
  labels: {
    leader: 'leads',
    follower: 'follows a leader',
    'no-leader': 'knows no leader',
    unknown: 'UNKNOWN',
    absent: 'not probed',
  },
  legend: RAFT_ROLE_CLASSES,
  dim: ['follower'],
};

/**
 * "Raft role per member", as each member says itself: leads, follows a
 * leader, or knows none (campaigning, or cut off from the majority). Two
 * lanes leading at once are two members that each believe they lead: the
 * terms chart says whether it is the same term.
 */
export const RaftRolesChart = memo(function RaftRolesChart({
  samples,
  t0,
  members,
  faults,
}: SampleChartProps & { members: string[] }) {
  const lanes = useMemo(() => raftRoleLanes(members), [members]);
  return (
    <RolesChart
      samples={samples}
      t0={t0}
      nodes={lanes}
      faults={faults}
      palette={RAFT_ROLE_PALETTE}
      testId="chart-raft-roles"
      title="Raft role per member"
    />
  );
});
