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

/** Text safe inside a Markdown table cell or line: no pipes, no line breaks, no HTML. */
function md(text: string | number | undefined): string {
  return String(text ?? '')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

/**
 * The debrief as a Markdown document (checks, ledger or requests through the
 * VIP, health, timeline, reference, teaching card with what this run showed
 * against its misdiagnoses).
 */
export function debriefToMarkdown(d: Debrief): string {
  const s = d.scenario;
  const g = d.grade;
  const out: string[] = [];
  out.push(`# Debrief: ${md(s.title)}`, '');
  out.push(
    `Scenario \`${s.id}\` · ${md(s.pattern.id)} ${md(s.pattern.name)} (${md(s.pattern.family)}) · run \`${d.runId}\` · started ${isoTime(d.startedAt)} · seed ${d.seed}` +
      (d.responseName ? ` · response: ${md(d.responseName)}` : ''),
    '',
    md(playedText(d)),
    '',
    `**Score ${g.score} / 100 — ${g.passed ? 'PASSED' : 'NOT PASSED'}** (pass mark ${g.passMark})`,
    '',
    ...(requiredFailedText(g, s.system) ? [md(requiredFailedText(g, s.system) ?? ''), ''] : []),
    `Lab settings: ${md(settingsText(d))}`,
    '',
    '## Checks',
    '',
    '| Check | Verdict | Points | Why |',
    '| --- | --- | --- | --- |',
  );
  for (const c of g.checks) {
    out.push(
      `| ${md(checkTitle(c.check, s.system))} (\`${c.check}\`) | ${VERDICT_LABEL[c.verdict]} | ${md(checkPointsText(c, s.system))} | ${md(c.why)} |`,
    );
  }
  out.push('', `## ${ledgerHeading(d)}`, '', ledgerSummary(d));
  const l = d.ledger;
  if (isRequestLedger(d)) {
    const rows = answeredRows(d);
    if (rows.length) {
      out.push('', '| Answered by | Requests |', '| --- | ---: |');
      for (const [router, n] of rows) out.push(`| ${md(router)} | ${n} |`);
    }
    out.push('', 'Nothing is read back in this lab: each request counts as the client saw it.');
  } else if (l.fates) {
    out.push(
      '',
      `Read back from ${md(l.readFrom ?? 'the final master')}:`,
      '',
      '| Fate | Writes |',
      '| --- | ---: |',
    );
    for (const [fate, n] of Object.entries(l.fates) as [WriteFate, number][])
      out.push(`| ${FATE_LABEL[fate]} | ${n} |`);
    if (l.recovered !== undefined) out.push(`| ${RECOVERED_LABEL} | ${l.recovered} |`);
  } else {
    out.push('', 'The surviving data was not read back, so no write has a fate.');
  }
  if (!isRequestLedger(d)) {
    // This run's loss and band next to the reference's, the bot's best case.
    for (const line of [runLossSentence(d), referenceLossSentence(d)])
      if (line) out.push('', md(line));
  }
  if (d.lostKeys.length > 0) {
    out.push(
      '',
      `Lost keys (first ${d.lostKeys.length}): ${d.lostKeys.map((k) => `\`${md(k)}\``).join(', ')}`,
    );
  }
  const saved = exportsRows(d);
  if (saved.length) {
    out.push('', `### ${savedHeading(d)}`, '');
    for (const row of saved) out.push(`- ${md(row)}`);
  }
  const comparison = comparisonText(d);
  if (comparison) out.push('', '### With and without the prevention', '', md(comparison));
  if (d.finalHealth) {
    out.push('', '## Final health', '');
    for (const [label, value] of finalHealthRows(d.finalHealth, d.scenario.system))
      out.push(`- ${label}: ${md(value)}`);
  }
  out.push('', '## Timeline', '');
  if (d.faultWindows.length) {
    out.push(
      `Fault windows: ${d.faultWindows.map((w) => `${md(w.faultId)} ${secondsText(w.from)} → ${w.to === undefined ? 'end' : secondsText(w.to)}`).join('; ')}`,
      '',
    );
  }
  out.push('| t | Kind | What | Node | Detail |', '| ---: | --- | --- | --- | --- |');
  for (const e of d.timeline) {
    out.push(
      `| ${secondsText(e.at)} | ${e.kind} | ${md(e.label)} | ${md(e.node)} | ${md(e.detail)} |`,
    );
  }
  out.push('', '## What the reference response does', '');
  d.reference.forEach((step, i) =>
    out.push(`${i + 1}. ${md(stepText(step))}${step.why ? ` — ${md(step.why)}` : ''}`),
  );
  const t = s.teaching;
  out.push(
    '',
    `## The pattern: ${md(s.pattern.name)}`,
    '',
    `**Shape.** ${md(t.shape)}`,
    '',
    `**How it shows here.** ${md(t.howItShows)}`,
    '',
    `**The tell.** ${md(t.tell)}`,
    '',
  );
  out.push(
    '### Misdiagnoses',
    '',
    '| Looks like | But actually | How to tell |',
    '| --- | --- | --- |',
  );
  for (const m of t.misdiagnoses)
    out.push(`| ${md(m.looksLike)} | ${md(m.butActually)} | ${md(m.howToTell)} |`);
  if (d.observations?.length) {
    out.push('', '### What this run showed against them', '');
    for (const o of d.observations) out.push(`- **${md(o.looksLike)}** ${md(o.shows)}`);
  }
  out.push(
    '',
    '### The fix',
    '',
    `- Immediate: ${md(t.fix.immediate)}`,
    `- Short term: ${md(t.fix.shortTerm)}`,
    `- Long term: ${md(t.fix.longTerm)}`,
  );
  out.push('', '### A story', '', md(t.story), '');
  return out.join('\n');
}
