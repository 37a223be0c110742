// The simulator as an HTTPS server on loopback, for out-of-process tests: a CLI pointed at it
// through a custom cloud (ARM_CLOUD_METADATA_URL=<url>/metadata/endpoints?api-version=2022-09-01).
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WorldStore } from '../store.js';
import { handleArmRequest } from './handler.js';
import { recordRequest, type RecordedRequest } from './recorded.js';
import type { ArmSimOptions } from './router.js';

export interface SimArmServerOptions extends ArmSimOptions {
  /** PEM private key and certificate; the certificate must name `host`. */
  key: string;
  cert: string;
  /** Where to listen and the name in the URL (default 127.0.0.1); keep it a loopback name. */
  host?: string;
}

export interface SimArmServer {
  /** e.g. https://127.0.0.1:54321 (no trailing slash). */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startSimArmServer(store: WorldStore, options: SimArmServerOptions): Promise<SimArmServer> {
  const host = options.host ?? '127.0.0.1';
  const requests: RecordedRequest[] = [];
  let baseUrl = '';
  const server: Server = createServer({ key: options.key, cert: options.cert }, (req, res) => {
    void answer(req, res).catch((error: unknown) => {
      // A bug in the simulator, not an Azure answer: say so plainly.
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: { code: 'SimulatorError', message: String(error) } }));
    });
  });

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = `${baseUrl}${req.url ?? '/'}`;
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    );
    const response = await handleArmRequest(store, { method: req.method ?? 'GET', url, headers, body }, options);
    requests.push(recordRequest(req.method ?? 'GET', url, body, response.status));
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: baseUrl,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : Buffer.concat(chunks).toString('utf8');
}
