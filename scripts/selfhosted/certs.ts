/**
 * A throw-away certificate authority for mTLS on 127.0.0.1 (tests and the rehearsal): a CA, a
 * server certificate for `localhost` / 127.0.0.1 (Temporal's frontend, PostgreSQL), and client
 * certificates signed by the same CA. Made with the openssl command line; nothing leaves `dir`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  ca: string; caKey: string;
  serverCert: string; serverKey: string;
  client(name: string): { cert: string; key: string };
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** `caName` distinguishes CAs: a client of another CA must be refused. */
export function makePki(dir: string, caName = 'crmhub test CA'): TestPki {
  mkdirSync(dir, { recursive: true });
  const p = (f: string) => join(dir, f);
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', `/CN=${caName}`, '-keyout', 'ca.key', '-out', 'ca.pem',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  const issue = (name: string, ext: string) => {
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${name}`,
      '-keyout', `${name}.key`, '-out', `${name}.csr`], dir);
    writeFileSync(p(`${name}.ext`), ext);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
      '-extfile', `${name}.ext`, '-out', `${name}.pem`], dir);
    return { cert: p(`${name}.pem`), key: p(`${name}.key`) };
  };
  const server = issue('server', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature\n');
  const clients = new Map<string, { cert: string; key: string }>();
  return {
    dir, ca: p('ca.pem'), caKey: p('ca.key'), serverCert: server.cert, serverKey: server.key,
    client(name: string) {
      if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`client name ${name}: lower-case letters, digits and -`);
      if (!clients.has(name)) clients.set(name, issue(`client-${name}`, 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n'));
      return clients.get(name)!;
    },
  };
}
