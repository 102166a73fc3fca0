import type { Debrief, ExportFormat } from '../../shared/debrief-types';
import { debriefToHtml } from './debrief-html';
import { debriefToMarkdown } from './debrief-markdown';

/** The debrief as JSON (the same shape the attempt store keeps). */
export function debriefToJson(d: Debrief): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}

const EXTENSION: Record<ExportFormat, string> = { md: 'md', html: 'html', json: 'json' };

/** A debrief as a downloadable file: `failover-dojo-<scenario>-<run>.<ext>` and its content. */
export function exportDebrief(
  d: Debrief,
  format: ExportFormat,
): { filename: string; content: string } {
  const safe = (x: string) => x.replace(/[^a-z0-9-]/gi, '_');
  const filename = `failover-dojo-${safe(d.scenario.id)}-${safe(d.runId)}.${EXTENSION[format]}`;
  const content =
    format === 'md'
      ? debriefToMarkdown(d)
      : format === 'html'
        ? debriefToHtml(d)
        : debriefToJson(d);
  return { filename, content };
}
