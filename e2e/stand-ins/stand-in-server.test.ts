import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRequest, UndecodableBodyError, type RecordedRequest } from './http-request.js';
import { createStandInServer, listenStandIn, StandInServer } from './stand-in-server.js';
import { createTestCertificates, type TestCertificates } from './test-ca.js';

/** Whether a command is on the PATH (openssl makes the test CA; zstd compresses as the Codex CLI does). */
const hasTool = (name: string) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, name)));

/** A stand-in that records each request (its body decoded) and answers "ok". */
class EchoStandIn extends StandInServer<never> {
  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      this.requests.push(await recordRequest(req, { decodeBody: true }));
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    } catch (error) {
      res.writeHead(error instanceof UndecodableBodyError ? 400 : 500).end(String(error));
    }
  }
}

function getOverTls(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpsRequest(url, { ca }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe.skipIf(!hasTool('openssl') && !process.env.CI)('stand-in servers over TLS (off by default)', () => {
  let dir: string;
  let certificates: TestCertificates;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-stand-in-ca-'));
    certificates = createTestCertificates(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serve plain HTTP unless given a certificate', async () => {
    const standIn = new EchoStandIn();
    await standIn.listen(0, '127.0.0.1');
    try {
      expect(standIn.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(standIn.url)).text()).toBe('ok');
    } finally {
      await standIn.close();
    }
  });

  it('serve HTTPS with a certificate of the test CA, which a client trusting that CA accepts', async () => {
    const standIn = new EchoStandIn(certificates.server);
    await standIn.listen(0, '127.0.0.1');
    try {
      expect(standIn.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(await getOverTls(`${standIn.url}/x`, readFileSync(certificates.caFile, 'utf8'))).toEqual({ status: 200, body: 'ok' });
      // A client that does not trust the test CA refuses the certificate.
      await expect(fetch(standIn.url)).rejects.toThrow();
    } finally {
      await standIn.close();
    }
  });

  it('the same option holds for a stand-in built on the plain server functions', async () => {
    const server = createStandInServer((_req, res) => void res.end('plain'), certificates.server);
    const url = await listenStandIn(server, 0, '127.0.0.1', true);
    try {
      expect(await getOverTls(url, readFileSync(certificates.caFile, 'utf8'))).toEqual({ status: 200, body: 'plain' });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('recording a compressed request body', () => {
  const json = { model: 'gpt-5.5', input: 'hello' };
  let standIn: EchoStandIn;

  beforeAll(async () => {
    standIn = new EchoStandIn();
    await standIn.listen(0, '127.0.0.1');
  });
  afterAll(() => standIn.close());

  const post = (body: Buffer, encoding: string) => fetch(standIn.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body });
  const last = (): RecordedRequest => standIn.requests.at(-1)!;

  it('decodes gzip as the real API does', async () => {
    expect((await post(gzipSync(JSON.stringify(json)), 'gzip')).status).toBe(200);
    expect(last().body).toEqual(json);
  });

  it('decodes zstd (the Codex CLI compresses its bodies so)', async () => {
    // JSON.stringify(json) as the zstd tool compresses it (zstd -c -q).
    const compressed = Buffer.from('KLUv/QRYGQEAeyJtb2RlbCI6ImdwdC01LjUiLCJpbnB1dCI6ImhlbGxvIn1nuG1T', 'base64');
    expect((await post(compressed, 'zstd')).status).toBe(200);
    expect(last().body).toEqual(json);
  });

  it('refuses a body that does not decode, or an encoding it does not know', async () => {
    const before = standIn.requests.length;
    expect((await post(Buffer.from('not gzip'), 'gzip')).status).toBe(400);
    expect((await post(Buffer.from('{}'), 'x-unknown')).status).toBe(400);
    expect(standIn.requests).toHaveLength(before);
  });
});
