/**
 * The emulator's TLS identity: a local CA and a server certificate for localhost,
 * 127.0.0.1 and ::1, generated in pure JS at first start and kept in `{dataDir}/tls` so a
 * restarted emulator (and a product process reading ca.pem) keeps the same trust. The
 * product trusts the CA per agent (http.ts); nothing here touches Node's global trust.
 */
import { generateKeyPairSync, randomBytes, X509Certificate } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import forge from "node-forge";

export interface EmulatorTls {
  caPem: string;
  certPem: string;
  keyPem: string;
  /** Path of ca.pem, for a product process that connects to a separately started emulator. */
  caFile: string;
}

const DAY = 24 * 60 * 60 * 1000;
const files = { ca: "ca.pem", caKey: "ca-key.pem", cert: "server.pem", key: "server-key.pem" } as const;

/** The four files' paths in a folder (plain strings: the build does not trace run-time data paths). */
function filesIn(dir: string): Record<keyof typeof files, string> {
  return { ca: `${dir}/${files.ca}`, caKey: `${dir}/${files.caKey}`, cert: `${dir}/${files.cert}`, key: `${dir}/${files.key}` };
}

export function loadOrCreateTls(dataDir: string): EmulatorTls {
  const dir = path.join(dataDir, "tls");
  const existing = read(dir);
  if (existing) return existing;
  fs.mkdirSync(dataDir, { recursive: true });
  // Written aside then renamed into place, so two processes starting at once never mix halves.
  const tmp = fs.mkdtempSync(`${dataDir}/tls-new-`);
  const generated = generate();
  const out = filesIn(tmp);
  fs.writeFileSync(out.ca, generated.caPem);
  fs.writeFileSync(out.caKey, generated.caKeyPem, { mode: 0o600 });
  fs.writeFileSync(out.cert, generated.certPem);
  fs.writeFileSync(out.key, generated.keyPem, { mode: 0o600 });
  const winner = read(dir); // another process may have finished first: use its identity
  if (winner) {
    fs.rmSync(tmp, { recursive: true, force: true });
    return winner;
  }
  if (fs.existsSync(dir)) {
    // Expired or incomplete: moved aside (atomically) rather than deleted in place.
    const stale = `${dir}-stale-${process.pid}-${Date.now()}`;
    try {
      fs.renameSync(dir, stale);
      fs.rmSync(stale, { recursive: true, force: true });
    } catch {
      // someone else moved it
    }
  }
  try {
    fs.renameSync(tmp, dir);
  } catch (error) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const other = read(dir);
    if (other) return other;
    throw error;
  }
  return { caPem: generated.caPem, certPem: generated.certPem, keyPem: generated.keyPem, caFile: filesIn(dir).ca };
}

/** The stored identity, or null when missing, unreadable, or expiring within 30 days. */
function read(dir: string): EmulatorTls | null {
  try {
    const at = filesIn(dir);
    const caPem = fs.readFileSync(/*turbopackIgnore: true*/ at.ca, "utf8");
    const certPem = fs.readFileSync(/*turbopackIgnore: true*/ at.cert, "utf8");
    const keyPem = fs.readFileSync(/*turbopackIgnore: true*/ at.key, "utf8");
    const cert = new X509Certificate(certPem);
    if (Date.parse(cert.validTo) - Date.now() < 30 * DAY) return null;
    if (!cert.verify(new X509Certificate(caPem).publicKey)) return null;
    return { caPem, certPem, keyPem, caFile: at.ca };
  } catch {
    return null;
  }
}

function rsaKeys() {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  return { publicKey: forge.pki.publicKeyFromPem(publicKey), privateKey: forge.pki.privateKeyFromPem(privateKey), privateKeyPem: privateKey };
}

// A positive serial (leading byte < 0x80), as RFC 5280 requires.
const serial = () => `0${randomBytes(15).toString("hex").slice(1)}`;

function generate() {
  const now = Date.now();
  const ca = rsaKeys();
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = ca.publicKey;
  caCert.serialNumber = serial();
  caCert.validity.notBefore = new Date(now - DAY);
  caCert.validity.notAfter = new Date(now + 10 * 365 * DAY);
  const caName = [{ name: "commonName", value: "Intune compliance reporter emulator CA (local only)" }];
  caCert.setSubject(caName);
  caCert.setIssuer(caName);
  caCert.setExtensions([
    { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  caCert.sign(ca.privateKey, forge.md.sha256.create());

  const server = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = server.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now - DAY);
  // Under 398 days: the longest validity TLS clients accept for a server certificate.
  cert.validity.notAfter = new Date(now + 397 * DAY);
  cert.setSubject([{ name: "commonName", value: "localhost" }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: [
        { type: 2, value: "localhost" },
        { type: 7, ip: "127.0.0.1" },
        { type: 7, ip: "::1" },
      ],
    },
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.privateKey, forge.md.sha256.create());

  return {
    caPem: forge.pki.certificateToPem(caCert),
    caKeyPem: ca.privateKeyPem,
    certPem: forge.pki.certificateToPem(cert),
    keyPem: server.privateKeyPem,
  };
}
