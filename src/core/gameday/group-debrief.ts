import { checkTitle } from '../../shared/check-titles';
import type { Debrief } from '../../shared/debrief-types';
import type { GameDay } from '../../shared/game-day-types';
import type { GroupDebrief, GroupDebriefRow } from '../../shared/group-debrief-types';
import type { CheckId } from '../../shared/scenario-schema';
import { escapeHtml as h } from '../debrief/html-escape';

/** Timeline kinds a group debrief lines up: what the cluster showed, what the people did and said. */
const MOMENT_KINDS = new Set(['fault', 'tell', 'action', 'console', 'note', 'hint']);

function rowOf(t: GameDay['trainees'][number], d: Debrief | undefined): GroupDebriefRow {
  const base = {
    traineeId: t.id,
    name: t.name,
    scenarioId: t.scenarioId,
    ...(t.runId ? { runId: t.runId } : {}),
    state: d ? ('graded' as const) : t.state,
    ...(t.reason && !d ? { reason: t.reason } : {}),
  };
  if (!d) return { ...base, checks: {}, moments: [] };
  const timing = d.timing;
  const zero = timing?.faultAt ?? 0;
  const fence = timing?.firstFence;
  const checks: GroupDebriefRow['checks'] = {};
  for (const c of d.grade.checks)
    checks[c.check] = { verdict: c.verdict, credit: c.credit, why: c.why };
  const moments = d.timeline
    .filter((e) => MOMENT_KINDS.has(e.kind))
    .map((e) => ({
      at: Math.round((e.at - zero) / 100) / 10,
      kind: e.kind,
      text: [e.label, e.node, e.detail].filter(Boolean).join(' · '),
    }));
  return {
    ...base,
    passed: d.grade.passed,
    score: Math.round(d.grade.score),
    ...(fence
      ? {
          reactionSeconds: fence.reactionSeconds,
          engineSeconds: fence.engineSeconds,
          firstFence: { move: fence.move, rightNode: fence.node === timing?.staleLeader },
        }
      : {}),
    ...(d.ledger.fates ? { writesLost: d.ledger.fates['acked-lost'] } : {}),
    checks,
    moments,
  };
}

/**
 * A game day's attempts side by side (verdict, score, reaction from the tell
 * to the first fence with the engine's latency apart, whether that fence hit
 * the right node, writes lost, each check), their moves, notes and tells
 * lined up on each run's fault, and the teaching cards of the scenarios
 * played. A pure function of the game day and its runs' debriefs.
 */
export function buildGroupDebrief(
  gameDay: GameDay,
  debriefs: ReadonlyMap<string, Debrief>,
): GroupDebrief {
  const rows = gameDay.trainees.map((t) => rowOf(t, t.runId ? debriefs.get(t.runId) : undefined));
  const checkIds: CheckId[] = [];
  const checkTitles: GroupDebrief['checkTitles'] = {};
  const scenarios = new Map<string, GroupDebrief['scenarios'][number]>();
  for (const t of gameDay.trainees) {
    const d = t.runId ? debriefs.get(t.runId) : undefined;
    if (!d) continue;
    for (const c of d.grade.checks) {
      if (checkIds.includes(c.check)) continue;
      checkIds.push(c.check);
      checkTitles[c.check] = checkTitle(c.check, d.scenario.system);
    }
    const { id, title, pattern, teaching } = d.scenario;
    scenarios.set(id, { id, title, pattern, teaching });
  }
  const { id, name, mode, timing, createdAt, startedAt } = gameDay;
  return {
    gameDay: { id, name, mode, timing, createdAt, ...(startedAt ? { startedAt } : {}) },
    rows,
    checkIds,
    checkTitles,
    scenarios: [...scenarios.values()],
  };
}

const verdictText = (r: GroupDebriefRow): string =>
  r.passed === undefined
    ? (r.reason ?? r.state)
    : `${r.passed ? 'passed' : 'not passed'} ${r.score}/100`;
const fenceText = (r: GroupDebriefRow): string =>
  r.firstFence
    ? `${r.firstFence.move}${r.firstFence.rightNode ? '' : ' (not the stale node)'}, ${r.reactionSeconds} s after the tell (engine ${r.engineSeconds} s)`
    : 'no fence';
const cell = (r: GroupDebriefRow, c: CheckId): string => {
  const x = r.checks[c];
  if (!x) return '—';
  return x.verdict === 'pass' && x.credit < 1 ? `pass (${x.credit})` : x.verdict;
};
const mdCell = (s: string | number | undefined): string =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

/** The group debrief as Markdown: the table, the checks, each trainee's moments, the cards. */
export function groupDebriefToMarkdown(g: GroupDebrief): string {
  const out = [
    `# Game day: ${mdCell(g.gameDay.name)}`,
    '',
    `Mode: ${g.gameDay.mode}. Trainees: ${g.rows.length}.`,
    '',
  ];
  out.push(
    '| Trainee | Scenario | Verdict | First fence | Writes lost |',
    '| --- | --- | --- | --- | ---: |',
  );
  for (const r of g.rows)
    out.push(
      `| ${mdCell(r.name)} | ${r.scenarioId} | ${mdCell(verdictText(r))} | ${mdCell(fenceText(r))} | ${r.writesLost ?? '—'} |`,
    );
  if (g.checkIds.length > 0) {
    out.push('', '## Checks', '', `| Check | ${g.rows.map((r) => mdCell(r.name)).join(' | ')} |`);
    out.push(`| --- | ${g.rows.map(() => '---').join(' | ')} |`);
    for (const c of g.checkIds)
      out.push(
        `| ${mdCell(g.checkTitles[c] ?? c)} | ${g.rows.map((r) => cell(r, c)).join(' | ')} |`,
      );
  }
  out.push('', '## Lined up on the fault (s from the fault)');
  for (const r of g.rows) {
    out.push('', `### ${mdCell(r.name)}`, '');
    if (r.moments.length === 0) out.push('No graded history.');
    for (const m of r.moments)
      out.push(`- ${m.at >= 0 ? '+' : ''}${m.at} s ${m.kind}: ${mdCell(m.text)}`);
  }
  for (const s of g.scenarios) {
    out.push(
      '',
      `## The pattern: ${mdCell(s.pattern.id)} ${mdCell(s.pattern.name)} (${mdCell(s.title)})`,
      '',
    );
    out.push(
      mdCell(s.teaching.shape),
      '',
      `**How it shows:** ${mdCell(s.teaching.howItShows)}`,
      '',
    );
    out.push(
      `**The tell:** ${mdCell(s.teaching.tell)}`,
      '',
      `**The fix:** ${mdCell(s.teaching.fix.immediate)}`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** The group debrief as one self-contained HTML page (every text escaped). */
export function groupDebriefToHtml(g: GroupDebrief): string {
  const b: string[] = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>Game day: ${h(g.gameDay.name)}</title>`,
    '<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem}table{border-collapse:collapse;width:100%}th,td{border:1px solid #dde;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f4f5f9}.pass{color:#17702f}.fail{color:#a32020}</style>',
    '</head><body>',
    `<h1>Game day: ${h(g.gameDay.name)}</h1><p>Mode: ${h(g.gameDay.mode)}. Trainees: ${g.rows.length}.</p>`,
    '<table><thead><tr><th>Trainee</th><th>Scenario</th><th>Verdict</th><th>First fence</th><th>Writes lost</th></tr></thead><tbody>',
  ];
  for (const r of g.rows)
    b.push(
      `<tr><td>${h(r.name)}</td><td>${h(r.scenarioId)}</td><td class="${r.passed ? 'pass' : 'fail'}">${h(verdictText(r))}</td><td>${h(fenceText(r))}</td><td>${h(r.writesLost ?? '—')}</td></tr>`,
    );
  b.push('</tbody></table>');
  if (g.checkIds.length > 0) {
    b.push(
      `<h2>Checks</h2><table><thead><tr><th>Check</th>${g.rows.map((r) => `<th>${h(r.name)}</th>`).join('')}</tr></thead><tbody>`,
    );
    for (const c of g.checkIds)
      b.push(
        `<tr><td>${h(g.checkTitles[c] ?? c)}</td>${g.rows.map((r) => `<td class="${r.checks[c]?.verdict ?? ''}" title="${h(r.checks[c]?.why ?? '')}">${h(cell(r, c))}</td>`).join('')}</tr>`,
      );
    b.push('</tbody></table>');
  }
  b.push('<h2>Lined up on the fault (s from the fault)</h2>');
  for (const r of g.rows) {
    b.push(`<h3>${h(r.name)}</h3><ul>`);
    for (const m of r.moments)
      b.push(`<li>${m.at >= 0 ? '+' : ''}${h(m.at)} s ${h(m.kind)}: ${h(m.text)}</li>`);
    b.push('</ul>');
  }
  for (const s of g.scenarios)
    b.push(
      `<h2>The pattern: ${h(s.pattern.id)} ${h(s.pattern.name)} (${h(s.title)})</h2><p>${h(s.teaching.shape)}</p><p><strong>How it shows:</strong> ${h(s.teaching.howItShows)}</p><p><strong>The tell:</strong> ${h(s.teaching.tell)}</p><p><strong>The fix:</strong> ${h(s.teaching.fix.immediate)}</p>`,
    );
  b.push('</body></html>');
  return `${b.join('\n')}\n`;
}
