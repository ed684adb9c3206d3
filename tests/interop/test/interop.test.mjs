// Our log through the published sigstore-js packages (@sigstore/sign to create entries, @sigstore/verify to check
// the bundles) and through a real browser (headless Chromium on the home page). One server for the file.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { InternalError } from '@sigstore/sign';
import { VerificationError } from '@sigstore/verify';
import { dumpDom, linksIn, textById } from '../lib/chromium.mjs';
import { startServer } from '../lib/server.mjs';
import { attestAndWitness, fetchLogKey, generateKey, rekorWitness, signAndWitness, trustedRootFor, verifyAttestation, verifyBundle } from '../lib/sigstore.mjs';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest();

let server;
let logKeyDer;
let trustedRoot;

before(async () => {
  server = await startServer();
  logKeyDer = await fetchLogKey(server.url);
  trustedRoot = trustedRootFor(server.url, logKeyDer);
});

after(async () => {
  await server?.stop();
});

async function getJson(path) {
  const response = await fetch(`${server.url}${path}`);
  assert.equal(response.status, 200, `GET ${path}: ${await response.clone().text()}`);
  return response.json();
}

/** The 80-hex entry ID of a bundle's tlog entry: 16 hex of the tree ID, then the RFC 6962 leaf hash of the body. */
async function entryIdOf(tlogEntry) {
  const { treeID } = await getJson('/api/v1/log');
  const leafHash = sha256(Buffer.concat([Buffer.from([0]), tlogEntry.canonicalizedBody])).toString('hex');
  return BigInt(treeID).toString(16).padStart(16, '0') + leafHash;
}

describe('sigstore-js signs through our log and verifies the bundles', () => {
  const key = generateKey();

  test('bundles of several artifacts verify against a trusted root holding only our log key', async () => {
    const artifacts = [Buffer.from('hello, transparency\n'), Buffer.alloc(0), randomBytes(1 << 20)];
    for (const artifact of artifacts) {
      const bundle = await signAndWitness(server.url, key, artifact);
      const signer = verifyBundle(bundle, artifact, trustedRoot, key);
      assert.deepEqual(signer.key.export({ type: 'spki', format: 'der' }), key.spkiDer);
      assert.throws(() => verifyBundle(bundle, Buffer.concat([artifact, Buffer.from('!')]), trustedRoot, key), VerificationError);
    }
  });

  test('the tlog entry has our log ID, a SET, an inclusion proof with a checkpoint, and integratedTime of now', async () => {
    const sentSeconds = Math.floor(Date.now() / 1000);
    const bundle = await signAndWitness(server.url, key, Buffer.from('entry shape'));
    const answeredSeconds = Math.ceil(Date.now() / 1000);

    const [entry] = bundle.verificationMaterial.tlogEntries;
    assert.equal(bundle.verificationMaterial.tlogEntries.length, 1);
    assert.deepEqual(entry.logId.keyId, sha256(logKeyDer));
    assert.deepEqual(entry.kindVersion, { kind: 'hashedrekord', version: '0.0.1' });
    assert.ok(entry.inclusionPromise.signedEntryTimestamp.length > 0, 'a SET');
    const proof = entry.inclusionProof;
    assert.ok(BigInt(proof.logIndex) < BigInt(proof.treeSize));
    assert.equal(proof.rootHash.length, 32);
    assert.ok(proof.hashes.every((hash) => hash.length === 32));
    assert.match(proof.checkpoint.envelope, /^127\.0\.0\.1 - \d+\n\d+\n[A-Za-z0-9+/]{43}=\n\n\u2014 127\.0\.0\.1 \S+\n$/);
    const integratedTime = Number(entry.integratedTime);
    assert.ok(integratedTime >= sentSeconds - 1 && integratedTime <= answeredSeconds + 1,
      `integratedTime ${integratedTime} is not between ${sentSeconds} and ${answeredSeconds}`);
  });

  test('verification fails against a trusted root holding a different log key', async () => {
    const artifact = Buffer.from('trust only our key');
    const bundle = await signAndWitness(server.url, key, artifact);
    const otherRoot = trustedRootFor(server.url, generateKey().spkiDer);
    assert.throws(() => verifyBundle(bundle, artifact, otherRoot, key), (error) => {
      assert.ok(error instanceof VerificationError, String(error));
      assert.match(error.code, /^TLOG_/);
      return true;
    });
  });

  test('a second submission of the same signed artifact is a 409 the client resolves to the same entry', async () => {
    const artifact = Buffer.from('submitted twice');
    const bundle = await signAndWitness(server.url, key, artifact);
    const [first] = bundle.verificationMaterial.tlogEntries;

    await assert.rejects(rekorWitness(server.url, { fetchOnConflict: false }).testify(bundle.content, key.pem), (error) => {
      assert.ok(error instanceof InternalError, String(error));
      assert.equal(error.cause?.statusCode, 409, String(error.cause));
      return true;
    });

    const { tlogEntries: [again] } = await rekorWitness(server.url).testify(bundle.content, key.pem);
    assert.equal(again.logIndex, first.logIndex);
    assert.equal(again.integratedTime, first.integratedTime);
    assert.deepEqual(again.logId, first.logId);
    assert.deepEqual(again.canonicalizedBody, first.canonicalizedBody);
    bundle.verificationMaterial.tlogEntries = [again];
    verifyBundle(bundle, artifact, trustedRoot, key);
  });
});

describe('sigstore-js attests through our log (dsse and intoto entries) and verifies the bundles', () => {
  const key = generateKey();
  const statement = (name) => ({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name, digest: { sha256: sha256(Buffer.from(name)).toString('hex') } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: { buildDefinition: { buildType: 'https://example.com/build' }, runDetails: { builder: { id: 'interop' } } },
  });

  for (const entryType of ['dsse', 'intoto']) {
    test(`a ${entryType} entry verifies, and a tampered payload does not`, async () => {
      const bundle = await attestAndWitness(server.url, key, statement(`artifact for ${entryType}`), entryType);

      const [entry] = bundle.verificationMaterial.tlogEntries;
      assert.deepEqual(entry.kindVersion, { kind: entryType, version: entryType === 'dsse' ? '0.0.1' : '0.0.2' });
      verifyAttestation(bundle, trustedRoot, key);

      const tampered = structuredClone(bundle);
      tampered.content.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement('something else')));
      assert.throws(() => verifyAttestation(tampered, trustedRoot, key), VerificationError);
    });

    test(`a ${entryType} entry is found by the statement's subject digest`, async () => {
      const name = `subject of ${entryType} ${randomBytes(8).toString('hex')}`;
      const bundle = await attestAndWitness(server.url, key, statement(name), entryType);
      const entryId = await entryIdOf(bundle.verificationMaterial.tlogEntries[0]);

      const response = await fetch(`${server.url}/api/v1/index/retrieve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hash: `sha256:${sha256(Buffer.from(name)).toString('hex')}` }),
      });
      assert.equal(response.status, 200, await response.clone().text());
      assert.deepEqual(await response.json(), [entryId]);
    });
  }
});

describe('the home page in headless Chromium', () => {
  const key = generateKey();
  const created = [];

  before(async () => {
    for (const text of ['shown on the home page', 'found by search']) {
      const artifact = Buffer.from(text);
      const [entry] = (await signAndWitness(server.url, key, artifact)).verificationMaterial.tlogEntries;
      created.push({ digest: sha256(artifact).toString('hex'), logIndex: entry.logIndex, entryId: await entryIdOf(entry) });
    }
  });

  test('shows the log size, root hash and log ID the API reports, and the latest entries', async () => {
    const dom = await dumpDom(`${server.url}/`);
    const info = await getJson('/api/v1/log');
    assert.equal(Number(textById(dom, 'log-size').replace(/,/g, '')), info.treeSize);
    assert.equal(textById(dom, 'root-hash'), info.rootHash);
    assert.equal(textById(dom, 'log-id'), sha256(logKeyDer).toString('hex'));
    assert.match(textById(dom, 'public-key'), /^-----BEGIN PUBLIC KEY-----/);
    const latest = textById(dom, 'latest');
    for (const { logIndex, entryId } of created) {
      assert.ok(linksIn(dom, 'latest').includes(`/ui/entries/${entryId}`), `#latest links to ${entryId}`);
      assert.match(latest, new RegExp(`${logIndex}\\s*${entryId}\\s*hashedrekord`));
    }
  });

  test('finds an entry by its artifact digest and by its log index', async () => {
    const [{ digest, logIndex, entryId }] = created;
    for (const query of [`sha256:${digest}`, logIndex]) {
      const dom = await dumpDom(`${server.url}/?q=${encodeURIComponent(query)}`);
      assert.ok(linksIn(dom, 'results').includes(`/ui/entries/${entryId}`), `?q=${query} finds ${entryId}`);
    }
  });

  test('shows an entry page with its ID, log index and kind', async () => {
    const { logIndex, entryId } = created[1];
    const dom = await dumpDom(`${server.url}/ui/entries/${entryId}`);
    assert.equal(textById(dom, 'entry-id'), entryId);
    assert.equal(textById(dom, 'log-index'), logIndex);
    assert.equal(textById(dom, 'kind'), 'hashedrekord');
    assert.equal(JSON.parse(textById(dom, 'body')).kind, 'hashedrekord');
  });
});
