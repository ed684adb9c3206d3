// What a sigstore-js user does with our log: sign an artifact with their own key, have @sigstore/sign's Rekor client
// witness it, and verify the bundle with @sigstore/verify against a trusted root that names only our log.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { DSSEBundleBuilder, MessageSignatureBundleBuilder, RekorWitness } from '@sigstore/sign';
import { bundleFromJSON, bundleToJSON } from '@sigstore/bundle';
import { PublicKey, TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest();

/** A fresh ECDSA P-256 key pair with its DER SPKI, PEM, and a hint (hex SHA-256 of the SPKI). */
export function generateKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spkiDer = publicKey.export({ type: 'spki', format: 'der' });
  return {
    privateKey,
    spkiDer,
    pem: publicKey.export({ type: 'spki', format: 'pem' }),
    hint: sha256(spkiDer).toString('hex'),
  };
}

/** @sigstore/sign's Signer contract: ECDSA P-256 with SHA-256 over the artifact, DER signature, key as PEM. */
export function keySigner(key) {
  return {
    sign: async (data) => ({
      signature: sign('sha256', data, key.privateKey),
      key: { $case: 'publicKey', publicKey: key.pem, hint: key.hint },
    }),
  };
}

export function rekorWitness(url, options = {}) {
  return new RekorWitness({ rekorBaseURL: url, fetchOnConflict: true, retry: 0, timeout: 30_000, ...options });
}

/** Signs `data` and has the log at `url` witness it: a bundle with one hashedrekord tlog entry. */
export async function signAndWitness(url, key, data) {
  const builder = new MessageSignatureBundleBuilder({ signer: keySigner(key), witnesses: [rekorWitness(url)] });
  return builder.create({ data });
}

/**
 * Signs `statement` (an in-toto statement object) into a DSSE envelope and has the log at `url` witness it as a
 * `dsse` or `intoto` entry, as `@sigstore/sign` does for attestations.
 */
export async function attestAndWitness(url, key, statement, entryType) {
  const builder = new DSSEBundleBuilder({ signer: keySigner(key), witnesses: [rekorWitness(url, { entryType })] });
  return builder.create({ data: Buffer.from(JSON.stringify(statement)), type: 'application/vnd.in-toto+json' });
}

/** The log's public key as DER SPKI, from GET /api/v1/log/publicKey (PEM). */
export async function fetchLogKey(url) {
  const response = await fetch(`${url}/api/v1/log/publicKey`);
  if (!response.ok) {
    throw new Error(`GET /api/v1/log/publicKey: ${response.status} ${await response.text()}`);
  }
  const pem = await response.text();
  const base64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return Buffer.from(base64, 'base64');
}

/** A trusted root (the protobuf-specs JSON form) whose only authority is one Rekor log. */
export function trustedRootFor(url, logKeyDer) {
  return TrustedRoot.fromJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [{
      baseUrl: url,
      hashAlgorithm: 'SHA2_256',
      publicKey: {
        rawBytes: logKeyDer.toString('base64'),
        keyDetails: 'PKIX_ECDSA_P256_SHA_256',
        validFor: { start: '2020-01-01T00:00:00Z' },
      },
      logId: { keyId: sha256(logKeyDer).toString('base64') },
    }],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  });
}

/**
 * Verifies `bundle` for `data` as a client would after storing it: serialized to JSON and read back, then the SET,
 * checkpoint, Merkle inclusion, body and signature checked, with the signing key trusted under its hint.
 */
export function verifyBundle(bundle, data, trustedRoot, signingKey) {
  return verifyStoredBundle(bundle, data, trustedRoot, signingKey);
}

/** As {@link verifyBundle}, for a DSSE bundle, whose payload is in its envelope (no artifact is passed). */
export function verifyAttestation(bundle, trustedRoot, signingKey) {
  return verifyStoredBundle(bundle, undefined, trustedRoot, signingKey);
}

function verifyStoredBundle(bundle, data, trustedRoot, signingKey) {
  const trusted = PublicKey.fromJSON({
    rawBytes: signingKey.spkiDer.toString('base64'),
    keyDetails: 'PKIX_ECDSA_P256_SHA_256',
    validFor: { start: '2020-01-01T00:00:00Z' },
  });
  const material = toTrustMaterial(trustedRoot, { [signingKey.hint]: trusted });
  const verifier = new Verifier(material, { tlogThreshold: 1, ctlogThreshold: 0, timestampThreshold: 1 });
  const stored = bundleFromJSON(JSON.parse(JSON.stringify(bundleToJSON(bundle))));
  return verifier.verify(toSignedEntity(stored, data));
}
