import type { Debrief, TimelineEntry } from '../../shared/debrief-types';
import { SYSTEM_TRAITS } from '../../shared/system-traits';
import { escapeHtml } from './html-escape';
import { secondsText } from './debrief-text';

/**
 * The timeline kinds of the systems' own event streams (each system's
 * SystemTraits.eventLane, in the registry's order): the `cluster` lane.
 */
export const CLUSTER_EVENT_KINDS: readonly TimelineEntry['kind'][] = [
  ...new Set(Object.values(SYSTEM_TRAITS).map((t) => t.eventLane)),
];

const WIDTH = 960;
const LEFT = 16;
const RIGHT = 16;
const LANES: { kind: readonly TimelineEntry['kind'][]; label: string }[] = [
  { kind: ['tell', 'unknown'], label: 'tells' },
  { kind: CLUSTER_EVENT_KINDS, label: 'cluster' },
  { kind: ['action', 'console'], label: 'actions' },
  { kind: ['hint', 'phase'], label: 'run' },
  { kind: ['note'], label: 'notes' },
];
const LANE_H = 26;
const TOP = 22;

/**
 * A small inline SVG of the timeline: fault windows shaded, one lane each for
 * tells (readings that could not be taken drawn there as hollow grey marks),
 * the cluster's own events (CLUSTER_EVENT_KINDS), the trainee's actions, the
 * run's phases/hints and the notes, with a tooltip (<title>) per mark. Every
 * text is escaped.
 */
export function timelineSvg(d: Debrief): string {
  const lastAt = Math.max(
    d.endedAt - d.startedAt,
    ...d.timeline.map((e) => e.at),
    ...d.faultWindows.map((w) => w.to ?? w.from),
    1000,
  );
  const x = (at: number) => LEFT + (Math.max(0, at) / lastAt) * (WIDTH - LEFT - RIGHT);
  const height = TOP + LANES.length * LANE_H + 22;
  const parts: string[] = [];
  parts.push(
    `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="Timeline of the run">`,
  );
  for (const w of d.faultWindows) {
    const x1 = x(w.from);
    const x2 = x(w.to ?? lastAt);
    parts.push(
      `<rect class="fault" x="${x1.toFixed(1)}" y="${TOP - 4}" width="${Math.max(2, x2 - x1).toFixed(1)}" height="${LANES.length * LANE_H + 4}"><title>${escapeHtml(`${w.faultId} (${w.kind}) ${secondsText(w.from)} → ${w.to === undefined ? 'end' : secondsText(w.to)}`)}</title></rect>`,
      `<text class="fault-label" x="${(x1 + 3).toFixed(1)}" y="${TOP - 8}">${escapeHtml(w.faultId)}</text>`,
    );
  }
  LANES.forEach((lane, i) => {
    const y = TOP + i * LANE_H + LANE_H / 2;
    parts.push(`<line class="lane" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y}" y2="${y}"/>`);
    parts.push(`<text class="lane-label" x="${LEFT}" y="${y - 6}">${lane.label}</text>`);
    for (const e of d.timeline.filter((t) => lane.kind.includes(t.kind))) {
      const cx = x(e.at).toFixed(1);
      const title = `<title>${escapeHtml(`${secondsText(e.at)} ${e.label}${e.node ? ` [${e.node}]` : ''}${e.detail ? ` — ${e.detail}` : ''}`)}</title>`;
      parts.push(
        e.kind === 'action' || e.kind === 'console'
          ? `<path class="mark ${e.kind}" d="M${cx} ${y - 7} l5 7 l-5 7 l-5 -7 z">${title}</path>`
          : `<circle class="mark ${e.kind}" cx="${cx}" cy="${y}" r="4">${title}</circle>`,
      );
    }
  });
  const axisY = TOP + LANES.length * LANE_H + 14;
  const step = lastAt > 120_000 ? 30_000 : lastAt > 40_000 ? 10_000 : 5000;
  for (let at = 0; at <= lastAt; at += step) {
    parts.push(`<text class="tick" x="${x(at).toFixed(1)}" y="${axisY}">${at / 1000}s</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
