// The real server as a separate process: the built Rekor.Server.dll on free loopback ports with a fresh data
// directory, ready once /ping answers. Whoever starts it stops it; stopping removes the data directory.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const repo = resolve(import.meta.dirname, '../../..');

/** The server binary: $REKOR_SERVER_DLL, or the Release build that tests/run-all.sh makes. */
export const serverDll = process.env.REKOR_SERVER_DLL
  ?? join(repo, 'Rekor.Server/bin/Release/net10.0/Rekor.Server.dll');

/** `count` distinct TCP ports that were free on 127.0.0.1 a moment ago (all held open until all are chosen). */
export async function freePorts(count) {
  const probes = await Promise.all(Array.from({ length: count }, () => new Promise((ok, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => ok(probe));
  })));
  const ports = probes.map((probe) => probe.address().port);
  await Promise.all(probes.map((probe) => new Promise((ok) => probe.close(ok))));
  return ports;
}

export async function startServer({ startupSeconds = 60 } = {}) {
  if (!existsSync(serverDll)) {
    throw new Error(`${serverDll} is missing: build it first (dotnet build Rekor.slnx -c Release) or set REKOR_SERVER_DLL`);
  }

  const dataDirectory = await mkdtemp(join(tmpdir(), 'rekor-interop-'));
  const [port, metricsPort] = await freePorts(2);
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('dotnet', [serverDll, '--port', port, '--metrics_port', metricsPort,
    '--data_directory', dataDirectory, '--public_url', url].map(String), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise((ok) => child.once('exit', ok));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(forced);
    }
    await rm(dataDirectory, { recursive: true, force: true });
  };

  const deadline = Date.now() + startupSeconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the server exited at start-up (code ${child.exitCode}):\n${output}`);
    }
    try {
      if ((await fetch(`${url}/ping`)).ok) {
        return { url, port, dataDirectory, stop, output: () => output };
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`the server did not answer /ping within ${startupSeconds} s:\n${output}`);
}
