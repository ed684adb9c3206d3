// Write throughput: concurrent clients POST fresh hashedrekord entries (ECDSA P-256 signatures made with node:crypto,
// no sigstore-js in the way) for a fixed time and the script prints entries/s. Against --url, or a fresh server of
// its own (the Release build) when none is given. Sends to loopback only; stops by itself.
//
//   node tests/interop/throughput.mjs [--url http://127.0.0.1:3000] [--clients 16] [--seconds 10]
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startServer } from './lib/server.mjs';

const { values: args } = parseArgs({
  options: { url: { type: 'string' }, clients: { type: 'string', default: '16' }, seconds: { type: 'string', default: '10' } },
});
const clients = Number(args.clients);
const seconds = Number(args.seconds);

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicKeyBase64 = Buffer.from(publicKey.export({ type: 'spki', format: 'pem' })).toString('base64');

/** A hashedrekord 0.0.1 entry for a fresh random artifact, so no two are duplicates. */
function proposedEntry() {
  const artifact = randomBytes(32);
  return JSON.stringify({
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: { hash: { algorithm: 'sha256', value: createHash('sha256').update(artifact).digest('hex') } },
      signature: { content: sign('sha256', artifact, privateKey).toString('base64'), publicKey: { content: publicKeyBase64 } },
    },
  });
}

const server = args.url ? undefined : await startServer();
const url = args.url ?? server.url;
const statuses = new Map();
const latenciesMs = [];

async function client(deadline) {
  while (performance.now() < deadline) {
    const started = performance.now();
    const response = await fetch(`${url}/api/v1/log/entries`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: proposedEntry(),
    });
    await response.arrayBuffer();
    latenciesMs.push(performance.now() - started);
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  }
}

try {
  // A short warm-up so the JIT, the connection pool and SQLite are in their steady state.
  await Promise.all(Array.from({ length: clients }, () => client(performance.now() + 1000)));
  statuses.clear();
  latenciesMs.length = 0;

  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, () => client(started + seconds * 1000)));
  const elapsedSeconds = (performance.now() - started) / 1000;

  const created = statuses.get(201) ?? 0;
  latenciesMs.sort((a, b) => a - b);
  const percentile = (p) => latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(p * latenciesMs.length))].toFixed(1);
  console.log(`${clients} clients, ${elapsedSeconds.toFixed(1)} s against ${url}`);
  console.log(`statuses: ${[...statuses].map(([status, count]) => `${status}×${count}`).join(', ')}`);
  console.log(`latency ms: p50 ${percentile(0.5)}, p99 ${percentile(0.99)}`);
  console.log(`${(created / elapsedSeconds).toFixed(0)} entries/s`);
  if (created === 0) {
    process.exitCode = 1;
  }
} finally {
  await server?.stop();
}
