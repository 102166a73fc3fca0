import type { NodeRole } from '../../../shared/lab-types';

export const ROLE_COLORS: Record<NodeRole | 'absent', string> = {
  master: '#f5a524',
  replica: '#3b82f6',
  sentinel: '#8b95a5',
  dcs: '#14b8a6',
  client: '#64748b',
  unknown: '#d946ef',
  absent: '#2a303a',
};

export const ROLE_LABELS: Record<NodeRole | 'absent', string> = {
  master: 'MASTER',
  replica: 'REPLICA',
  sentinel: 'SENTINEL',
  dcs: 'DCS',
  client: 'CLIENT',
  unknown: 'UNKNOWN',
  absent: 'not probed',
};

/** Distinct line colours for per-node series. */
export const SERIES_COLORS = [
  '#38bdf8',
  '#a3e635',
  '#f472b6',
  '#fbbf24',
  '#c084fc',
  '#2dd4bf',
  '#fb923c',
  '#e879f9',
];

export const AXIS = { stroke: '#5b6472', tick: { fill: '#98a2b3', fontSize: 11 } } as const;
export const GRID = '#232a35';

/** Tooltip box of every chart. */
export const TOOLTIP_STYLE = { background: '#11151c', border: '1px solid #2a303a' } as const;
