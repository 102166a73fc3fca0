import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from './src/shared/content-security-policy';

const root = import.meta.dirname;

/**
 * Puts the app's CSP into the built index.html as a meta tag (the Electron
 * window loads it from file://, where there are no response headers). Build
 * only: the dev server needs React Refresh's inline script. Skipped when the
 * page already declares a policy.
 */
function cspMetaTag(): Plugin {
  return {
    name: 'dojo-csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      if (/http-equiv=["']?content-security-policy/i.test(html)) return html;
      return [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY_META },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

/**
 * Three builds into out/: main (CommonJS, dependencies left to node_modules),
 * preload (CommonJS, self-contained: a sandboxed preload can require only
 * `electron`), renderer (React, relative base so it loads from file://).
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(root, 'src/main/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    base: './',
    plugins: [react(), cspMetaTag()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      minify: true,
      // One local bundle (React + recharts), loaded from disk or loopback: no need to split.
      chunkSizeWarningLimit: 1024,
      emptyOutDir: true,
      rollupOptions: {
        input: { index: resolve(root, 'src/renderer/index.html') },
      },
    },
  },
});
