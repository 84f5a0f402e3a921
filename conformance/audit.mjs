// GraphQL-over-HTTP conformance audit of a running Sheaf gateway.
// Usage: node audit.mjs [url]   (default http://127.0.0.1:4000/graphql)
// Exits 1 if any MUST audit fails or any SHOULD audit warns; MAY results are informational.
import { auditServer } from 'graphql-http';

const url = process.argv[2] || 'http://127.0.0.1:4000/graphql';
const SNIPPET = 300;

async function describeResponse(res) {
  if (!res) return '(no response)';
  const type = res.headers.get('content-type') ?? '(none)';
  let body;
  if (res.bodyUsed) {
    body = '(body already consumed by the audit)';
  } else {
    try {
      body = (await res.text()).replace(/\s+/g, ' ').trim();
      if (body.length > SNIPPET) body = body.slice(0, SNIPPET) + '…';
      if (body === '') body = '(empty)';
    } catch (err) {
      body = `(unreadable: ${err.message})`;
    }
  }
  return `HTTP ${res.status}, content-type: ${type}, body: ${body}`;
}

// Sheaf refuses requests a browser could send without a preflight (CSRF prevention, on by default):
// the audit speaks as a client that is not a web page, with the header Apollo's clients send.
const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('apollo-require-preflight', 'true');
  return fetch(input, { ...init, headers });
};

let results;
try {
  results = await auditServer({ url, fetchFn });
} catch (err) {
  console.error(`audit aborted against ${url}: ${err.stack || err}`);
  process.exit(2);
}

const label = { ok: 'ok', error: 'error', warn: 'warn', notice: 'notice' };
console.log(`GraphQL-over-HTTP audit (graphql-http auditServer) of ${url}\n`);
for (const r of results) {
  console.log(`${label[r.status].padEnd(6)} ${r.id}  ${r.name}`);
  if (r.status !== 'ok') {
    console.log(`         reason:   ${r.reason}`);
    console.log(`         response: ${await describeResponse(r.response)}`);
  }
}

const count = (s) => results.filter((r) => r.status === s).length;
const mustFailures = count('error');
const shouldWarnings = count('warn');
console.log(
  `\n${results.length} audits: ${count('ok')} ok, ${mustFailures} MUST failure(s), ` +
    `${shouldWarnings} SHOULD warning(s), ${count('notice')} MAY notice(s) (informational)`,
);
process.exit(mustFailures > 0 || shouldWarnings > 0 ? 1 : 0);
