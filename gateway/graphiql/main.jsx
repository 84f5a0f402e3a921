// The GraphiQL page's script: GraphiQL 5 talking to this gateway's /graphql. Every asset it needs
// (this bundle, its stylesheet, Monaco's web workers, fonts) is served by the gateway itself.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';

// Monaco runs its language services in web workers; they are bundled next to this file.
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const name = label === 'json' ? 'json.worker.js' : label === 'graphql' ? 'graphql.worker.js' : 'editor.worker.js';
    return new Worker(new URL(name, import.meta.url));
  },
};

const page = new URL(window.location.href);
// The page is served at the GraphQL endpoint itself (GET with Accept: text/html), so queries go to
// the same path, behind whatever prefix a proxy adds. The fetcher sends Content-Type:
// application/json, a header a CSRF check accepts as non-simple.
const fetcher = createGraphiQLFetcher({ url: new URL(page.pathname, page).href });

createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    // A link may preset the query and variables: /graphql?query=...&variables=... (with Accept: text/html).
    initialQuery: page.searchParams.get('query') ?? undefined,
    initialVariables: page.searchParams.get('variables') ?? undefined,
    shouldPersistHeaders: false,
  }),
);
