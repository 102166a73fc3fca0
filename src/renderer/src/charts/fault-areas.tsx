import { ReferenceArea } from 'recharts';
import { visibleBands, type FaultBand } from './fault-band-data';

export const FAULT_FILL = '#f59e0b';

/** A window's label: its id and what the fault does, kept short enough for a chart. */
function bandLabel(id: string, summary: string | undefined): string {
  if (!summary) return id;
  const text = `${id}: ${summary}`;
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}

/**
 * The fault windows as shaded `<ReferenceArea>`s for a cartesian chart. A
 * function returning elements (not a component) so recharts sees them as its
 * own children. `label` names each window (on the headline chart only).
 */
export function faultAreas(
  bands: FaultBand[] | undefined,
  domain: [number, number],
  label = false,
) {
  if (!bands || bands.length === 0) return null;
  return visibleBands(bands, domain).map((b, i) => (
    <ReferenceArea
      key={`fault-${b.id}-${i}`}
      className="fault-window"
      x1={b.x1}
      x2={b.x2}
      fill={FAULT_FILL}
      fillOpacity={0.12}
      stroke={FAULT_FILL}
      strokeOpacity={0.35}
      strokeDasharray="3 3"
      ifOverflow="hidden"
      label={
        label
          ? {
              value: `${bandLabel(b.id, b.summary)}${b.open ? ' (active)' : ''}`,
              fill: FAULT_FILL,
              fontSize: 10,
              position: 'insideTopRight',
            }
          : undefined
      }
    />
  ));
}
