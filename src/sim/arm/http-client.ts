// The simulator behind the SDK clients' `httpClient` option: the real SDK builds and serialises
// every request; this answers it in-process instead of over the network.
import { createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { WorldStore } from '../store.js';
import { handleArmRequest } from './handler.js';
import { recordRequest, type RecordedRequest } from './recorded.js';
import type { ArmSimOptions } from './router.js';

export type SimArmHttpClient = HttpClient & { requests: RecordedRequest[] };

export function createSimArmHttpClient(store: WorldStore, options: ArmSimOptions = {}): SimArmHttpClient {
  const requests: RecordedRequest[] = [];
  return {
    requests,
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      if (request.abortSignal?.aborted) {
        const error = new Error('The operation was aborted.');
        error.name = 'AbortError';
        throw error;
      }
      const body = bodyText(request);
      const response = await handleArmRequest(
        store,
        { method: request.method, url: request.url, headers: request.headers.toJSON(), body },
        options,
      );
      requests.push(recordRequest(request.method, request.url, body, response.status));
      return {
        request,
        status: response.status,
        headers: createHttpHeaders(response.headers),
        bodyAsText: response.body ?? null,
      };
    },
  };
}

function bodyText(request: PipelineRequest): string | undefined {
  const { body } = request;
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  throw new Error('The simulated Azure only takes string or byte request bodies (the SDKs send JSON text).');
}
