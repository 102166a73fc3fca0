// The YAML language worker, built by Vite into its own file (see monaco-setup.ts): importing
// monaco-yaml's worker through a file of our own is the bundling route monaco-yaml documents
// for Vite.
import 'monaco-yaml/yaml.worker.js';
