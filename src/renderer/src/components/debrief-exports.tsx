import { useState } from 'react';
import type { Debrief, ExportFormat, KeyExport } from '../../../shared/debrief-types';
import { downloadText } from '../download';
import { formatInt } from '../format';
import { useStore } from '../store/react';
import { findSystemTraits } from '../../../shared/system-traits';

const MIME: Record<ExportFormat, string> = {
  md: 'text/markdown;charset=utf-8',
  html: 'text/html;charset=utf-8',
  json: 'application/json;charset=utf-8',
};

/** What a save left to say: done, failed, or the text itself where this window cannot download. */
interface SaveResult {
  ok: boolean;
  text: string;
  preview?: string;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Saves a file, or (where the window cannot download) returns its text to show instead. */
function save(filename: string, content: string, mime: string): SaveResult {
  return downloadText(filename, content, mime)
    ? { ok: true, text: `Saved ${filename} (${formatInt(content.length)} characters)` }
    : {
        ok: true,
        text: `${filename}: this window cannot download, the text is below`,
        preview: content,
      };
}

function SaveStatus({
  result,
  testId,
  previewTestId,
}: {
  result: SaveResult | null;
  testId: string;
  previewTestId: string;
}) {
  if (!result) return null;
  return (
    <>
      <span
        className={`small ${result.ok ? 'muted' : 'field-error'}`}
        data-testid={testId}
        role="status"
      >
        {result.text}
      </span>
      {result.preview !== undefined && (
        <textarea
          className="export-preview mono"
          data-testid={previewTestId}
          readOnly
          value={result.preview}
        />
      )}
    </>
  );
}

/** The debrief's export buttons: Markdown, HTML and JSON, each saved as a file. */
export function ExportButtons({ runId }: { runId: string }) {
  const store = useStore();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [result, setResult] = useState<SaveResult | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    try {
      const { filename, content } = await store.exportDebrief(runId, format);
      setResult(save(filename, content, MIME[format]));
    } catch (err) {
      setResult({ ok: false, text: `Export failed: ${errorText(err)}` });
    } finally {
      setBusy(null);
    }
  };
  const formats: [ExportFormat, string][] = [
    ['md', 'Markdown'],
    ['html', 'HTML'],
    ['json', 'JSON'],
  ];
  return (
    <div className="export-bar" data-testid="debrief-export">
      <span className="muted small">Export</span>
      {formats.map(([f, label]) => (
        <button
          key={f}
          type="button"
          className="btn btn-small"
          data-testid={`export-${f}`}
          disabled={busy !== null}
          onClick={() => void run(f)}
        >
          {busy === f ? `${label}…` : label}
        </button>
      ))}
      <SaveStatus result={result} testId="export-status" previewTestId="export-preview" />
    </div>
  );
}

/**
 * The files of keys (Redis) or rows (PostgreSQL) export-keys saved during
 * the run, each downloadable from the engine (`getArtifact`). The newest
 * file of a node has the button `download-export-<node>`; older ones add
 * their place in the list (`download-export-<node>-<n>`).
 */
export function SavedKeys({ debrief: d }: { debrief: Debrief }) {
  if (d.exports.length === 0) return null;
  const unit = findSystemTraits(d.scenario.system)?.recordUnit.many ?? 'keys';
  const newest = new Map<string, number>();
  d.exports.forEach((x, i) => newest.set(x.node, i));
  return (
    <section
      className="panel saved-keys"
      data-testid="debrief-saved-keys"
      data-count={d.exports.length}
    >
      <div className="panel-title">
        <h3>Saved {unit}</h3>
        <span className="muted small">what export-keys wrote during the run</span>
      </div>
      <table className="table compact">
        <thead>
          <tr>
            <th>Node</th>
            <th>{unit}</th>
            <th>When</th>
            <th>File</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {d.exports.map((x, i) => (
            <SavedKeysRow
              key={i}
              runId={d.runId}
              saved={x}
              index={i}
              testId={
                newest.get(x.node) === i
                  ? `download-export-${x.node}`
                  : `download-export-${x.node}-${i + 1}`
              }
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function SavedKeysRow({
  runId,
  saved: x,
  index,
  testId,
}: {
  runId: string;
  saved: KeyExport;
  index: number;
  testId: string;
}) {
  const store = useStore();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SaveResult | null>(null);
  const download = async (name: string) => {
    setBusy(true);
    try {
      const file = await store.getArtifact(runId, name);
      const mime = /charset=/i.test(file.mediaType)
        ? file.mediaType
        : `${file.mediaType};charset=utf-8`;
      setResult(save(file.filename, file.content, mime));
    } catch (err) {
      setResult({ ok: false, text: `Download failed: ${errorText(err)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr data-testid={`saved-keys-${index}`} data-node={x.node} data-keys={x.keys}>
      <td className="mono">{x.node}</td>
      <td className="mono">{formatInt(x.keys)}</td>
      <td className="mono muted">+{(x.at / 1000).toFixed(1)} s</td>
      <td className="mono small">
        {x.name ?? <span className="muted">not kept for download</span>}
      </td>
      <td>
        {x.name !== undefined && (
          <button
            type="button"
            className="btn btn-small"
            data-testid={testId}
            disabled={busy}
            onClick={() => void download(x.name!)}
          >
            {busy ? 'Downloading…' : 'Download'}
          </button>
        )}{' '}
        <SaveStatus
          result={result}
          testId={`${testId}-status`}
          previewTestId={`${testId}-preview`}
        />
      </td>
    </tr>
  );
}
