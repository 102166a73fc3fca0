import { checkPointsText } from '../../shared/check-points';
import { checkTitle, requiredFailedText } from '../../shared/check-titles';
import { referenceLossSentence, type Debrief } from '../../shared/debrief-types';
import { playedText, runLossSentence } from '../../shared/debrief-summary';
import type { WriteFate } from '../../shared/scenario-types';
import {
  FATE_LABEL,
  RECOVERED_LABEL,
  VERDICT_LABEL,
  answeredRows,
  comparisonText,
  isRequestLedger,
  isoTime,
  ledgerHeading,
  ledgerSummary,
  exportsRows,
  savedHeading,
  secondsText,
  settingsText,
  stepText,
} from './debrief-text';
import { finalHealthRows } from './health-rows';
import { escapeHtml as h } from './html-escape';
import { CLUSTER_EVENT_KINDS, timelineSvg } from './timeline-svg';

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:62rem;padding:0 1rem;color:#1d2330}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #dde;padding-bottom:.2rem}
.meta{color:#556}.score{font-size:1.3rem;font-weight:600}.passed{color:#17702f}.failed{color:#a32020}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #dde;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f5f9}td.num{text-align:right;white-space:nowrap}td.node{white-space:nowrap}
.v-pass{color:#17702f;font-weight:600}.v-fail{color:#a32020;font-weight:600}.v-unknown{color:#8a6d00;font-weight:600}
svg.timeline{background:#fafbfd;border:1px solid #dde;margin:.5rem 0}
svg .fault{fill:#f3b7b7;fill-opacity:.45}svg .fault-label{font-size:11px;fill:#a32020}
svg .lane{stroke:#ccd;stroke-width:1}svg .lane-label{font-size:10px;fill:#778}svg .tick{font-size:10px;fill:#778;text-anchor:middle}
svg .mark.tell{fill:#c0392b}svg .mark.unknown{fill:none;stroke:#99a;stroke-width:1.5}${CLUSTER_EVENT_KINDS.map((k) => `svg .mark.${k}`).join(',')}{fill:#7d5ba6}svg .mark.action{fill:#1f6fd1}svg .mark.console{fill:#1f9bd1}
svg .mark.hint{fill:#d4a017}svg .mark.phase{fill:#667}
code{background:#f4f5f9;padding:0 .2rem;border-radius:3px}code.check-id{font-size:.75rem;color:#778;display:block}
td.points{white-space:nowrap}
`;

/**
 * The debrief as one self-contained HTML page: inline CSS and SVG, no
 * scripts, no external resources (a CSP forbids them), every text escaped.
 */
export function debriefToHtml(d: Debrief): string {
  const s = d.scenario;
  const g = d.grade;
  const b: string[] = [];
  b.push(`<h1>Debrief: ${h(s.title)}</h1>`);
  b.push(
    `<p class="meta">Scenario <code>${h(s.id)}</code> · ${h(s.pattern.id)} ${h(s.pattern.name)} (${h(s.pattern.family)}) · run <code>${h(d.runId)}</code> · started ${h(isoTime(d.startedAt))} · seed ${h(d.seed)}${d.responseName ? ` · response: ${h(d.responseName)}` : ''}</p>`,
  );
  b.push(`<p class="meta played">${h(playedText(d))}</p>`);
  b.push(
    `<p class="score ${g.passed ? 'passed' : 'failed'}">Score ${h(g.score)} / 100 — ${g.passed ? 'PASSED' : 'NOT PASSED'} <span class="meta">(pass mark ${h(g.passMark)})</span></p>`,
    ...(requiredFailedText(g, s.system)
      ? [`<p class="score failed">${h(requiredFailedText(g, s.system) ?? '')}</p>`]
      : []),
    `<p class="meta">Lab settings: ${h(settingsText(d))}</p>`,
  );
  b.push(
    '<h2>Checks</h2><table><thead><tr><th>Check</th><th>Verdict</th><th>Points</th><th>Why</th></tr></thead><tbody>',
  );
  for (const c of g.checks) {
    b.push(
      `<tr><td>${h(checkTitle(c.check, s.system))}<code class="check-id">${h(c.check)}</code></td><td class="v-${h(c.verdict)}">${VERDICT_LABEL[c.verdict]}</td><td class="points">${h(checkPointsText(c, s.system))}</td><td>${h(c.why)}</td></tr>`,
    );
  }
  b.push('</tbody></table>');

  b.push('<h2>Timeline</h2>', timelineSvg(d));
  b.push(
    '<table><thead><tr><th>t</th><th>Kind</th><th>What</th><th>Node</th><th>Detail</th></tr></thead><tbody>',
  );
  for (const e of d.timeline) {
    b.push(
      `<tr><td class="num">${h(secondsText(e.at))}</td><td>${h(e.kind)}</td><td>${h(e.label)}</td><td class="node">${h(e.node)}</td><td>${h(e.detail)}</td></tr>`,
    );
  }
  b.push('</tbody></table>');

  const l = d.ledger;
  b.push(`<h2>${h(ledgerHeading(d))}</h2>`, `<p>${h(ledgerSummary(d))}</p>`);
  if (isRequestLedger(d)) {
    const rows = answeredRows(d);
    if (rows.length) {
      b.push('<table><thead><tr><th>Answered by</th><th>Requests</th></tr></thead><tbody>');
      for (const [router, n] of rows)
        b.push(`<tr><td class="node">${h(router)}</td><td class="num">${h(n)}</td></tr>`);
      b.push('</tbody></table>');
    }
    b.push('<p>Nothing is read back in this lab: each request counts as the client saw it.</p>');
  } else if (l.fates) {
    b.push(`<p>Read back from ${h(l.readFrom ?? 'the final master')}:</p><table><tbody>`);
    for (const [fate, n] of Object.entries(l.fates) as [WriteFate, number][]) {
      b.push(`<tr><td>${h(FATE_LABEL[fate])}</td><td class="num">${h(n)}</td></tr>`);
    }
    if (l.recovered !== undefined)
      b.push(`<tr><td>${h(RECOVERED_LABEL)}</td><td class="num">${h(l.recovered)}</td></tr>`);
    b.push('</tbody></table>');
  } else {
    b.push('<p>The surviving data was not read back, so no write has a fate.</p>');
  }
  if (!isRequestLedger(d)) {
    // This run's loss and band next to the reference's, the bot's best case.
    for (const line of [runLossSentence(d), referenceLossSentence(d)])
      if (line) b.push(`<p class="loss">${h(line)}</p>`);
  }
  if (d.lostKeys.length)
    b.push(
      `<p>Lost keys (first ${d.lostKeys.length}): ${d.lostKeys.map((k) => `<code>${h(k)}</code>`).join(', ')}</p>`,
    );
  const saved = exportsRows(d);
  if (saved.length) {
    b.push(`<h3>${h(savedHeading(d))}</h3><ul class="saved">`);
    for (const row of saved) b.push(`<li>${h(row)}</li>`);
    b.push('</ul>');
  }
  const comparison = comparisonText(d);
  if (comparison) b.push('<h3>With and without the prevention</h3>', `<p>${h(comparison)}</p>`);

  if (d.finalHealth) {
    b.push('<h2>Final health</h2><ul>');
    for (const [label, value] of finalHealthRows(d.finalHealth, d.scenario.system))
      b.push(`<li>${h(label)}: ${h(value)}</li>`);
    b.push('</ul>');
  }

  b.push('<h2>What the reference response does</h2>');
  b.push('<ol>');
  for (const step of d.reference)
    b.push(`<li>${h(stepText(step))}${step.why ? ` — ${h(step.why)}` : ''}</li>`);
  b.push('</ol>');

  const t = s.teaching;
  b.push(`<h2>The pattern: ${h(s.pattern.name)}</h2>`);
  b.push(
    `<p><strong>Shape.</strong> ${h(t.shape)}</p><p><strong>How it shows here.</strong> ${h(t.howItShows)}</p><p><strong>The tell.</strong> ${h(t.tell)}</p>`,
  );
  b.push(
    '<h3>Misdiagnoses</h3><table><thead><tr><th>Looks like</th><th>But actually</th><th>How to tell</th></tr></thead><tbody>',
  );
  for (const m of t.misdiagnoses)
    b.push(
      `<tr><td>${h(m.looksLike)}</td><td>${h(m.butActually)}</td><td>${h(m.howToTell)}</td></tr>`,
    );
  b.push('</tbody></table>');
  if (d.observations?.length) {
    b.push('<h3>What this run showed against them</h3><ul class="observations">');
    for (const o of d.observations)
      b.push(`<li><strong>${h(o.looksLike)}</strong> ${h(o.shows)}</li>`);
    b.push('</ul>');
  }
  b.push(
    `<h3>The fix</h3><ul><li>Immediate: ${h(t.fix.immediate)}</li><li>Short term: ${h(t.fix.shortTerm)}</li><li>Long term: ${h(t.fix.longTerm)}</li></ul>`,
  );
  b.push(`<h3>A story</h3><p>${h(t.story)}</p>`);

  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(`Debrief: ${s.title} (${d.runId})`)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    ...b,
    '</body></html>',
    '',
  ].join('\n');
}
