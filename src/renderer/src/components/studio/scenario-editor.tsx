import { useEffect, useRef } from 'react';
import type { EditorMarker, ScenarioEditorProps } from './editor-types';
import { SCENARIO_MODEL_URI, setUpMonaco } from './monaco-setup';

/** The owner of the markers that carry the engine's problems (monaco-yaml's own are `yaml`). */
const LOADER_OWNER = 'dojo-loader';

/**
 * The scenario text in monaco with the YAML language: completion and hover
 * from the scenario schema, monaco-yaml's schema markers, and the engine's
 * problems (its cross-checks included) as markers on their lines. Loaded
 * lazily by the studio, so the rest of the app never downloads monaco.
 */
export default function ScenarioEditor(props: ScenarioEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<
    import('monaco-editor/esm/vs/editor/editor.api.js').editor.IStandaloneCodeEditor | null
  >(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const monaco = setUpMonaco();
    const uri = monaco.Uri.parse(SCENARIO_MODEL_URI);
    monaco.editor.getModel(uri)?.dispose();
    const model = monaco.editor.createModel(latest.current.value, 'yaml', uri);
    const editor = monaco.editor.create(host.current!, {
      model,
      theme: 'vs-dark',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      readOnly: latest.current.readOnly,
      quickSuggestions: { other: true, comments: false, strings: true },
      'semanticHighlighting.enabled': false,
    });
    editorRef.current = editor;
    const changed = model.onDidChangeContent(() => {
      const text = model.getValue();
      if (text !== latest.current.value) latest.current.onChange(text);
    });
    const report = () => {
      const markers: EditorMarker[] = monaco.editor.getModelMarkers({ resource: uri }).map((m) => ({
        line: m.startLineNumber,
        message: m.message,
        source: m.owner === LOADER_OWNER ? 'loader' : 'schema',
      }));
      markers.sort((a, b) => a.line - b.line);
      latest.current.onMarkers(markers);
    };
    const markersChanged = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((u) => u.toString() === uri.toString())) report();
    });
    return () => {
      markersChanged.dispose();
      changed.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
  }, []);

  // A text set from outside (a template, an import) replaces the model's, as one undo step.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model || model.getValue() === props.value) return;
    editorRef.current!.executeEdits('studio', [
      { range: model.getFullModelRange(), text: props.value, forceMoveMarkers: true },
    ]);
    editorRef.current!.pushUndoStop();
  }, [props.value]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly: props.readOnly });
  }, [props.readOnly]);

  useEffect(() => {
    const monaco = setUpMonaco();
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      LOADER_OWNER,
      props.problems
        .filter((p) => p.line >= 1)
        .map((p) => {
          const line = Math.min(p.line, model.getLineCount());
          return {
            severity: monaco.MarkerSeverity.Error,
            message: p.path ? `${p.path}: ${p.message}` : p.message,
            source: 'failover-dojo',
            startLineNumber: line,
            startColumn: model.getLineFirstNonWhitespaceColumn(line) || 1,
            endLineNumber: line,
            endColumn: model.getLineMaxColumn(line),
          };
        }),
    );
  }, [props.problems]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !props.revealLine) return;
    editor.revealLineInCenter(props.revealLine.line);
    editor.setPosition({ lineNumber: props.revealLine.line, column: 1 });
    editor.focus();
  }, [props.revealLine]);

  return <div className="studio-editor" ref={host} data-testid="studio-editor" />;
}
