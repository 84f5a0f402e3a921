// Bundles GraphiQL into ../src/main/resources/sheaf/graphiql/ (run: npm ci && npm run build).
// The output is committed, so building the gateway needs neither Node nor the network.
import { build } from 'esbuild';

const out = '../src/main/resources/sheaf/graphiql';
const common = {
  bundle: true,
  minify: true,
  legalComments: 'linked',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'info',
};

await build({
  ...common,
  entryPoints: { graphiql: 'main.jsx' },
  format: 'esm',
  outdir: out,
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
  assetNames: '[name]',
});

await build({
  ...common,
  entryPoints: {
    'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
    'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
    'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
  },
  format: 'iife',
  outdir: out,
});
