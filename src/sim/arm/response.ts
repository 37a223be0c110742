// What the simulated ARM answers with, and ARM's error body shape {"error":{"code","message"}}.
import { guidFromText } from './ids.js';

export interface ArmRequest {
  method: string;
  url: string;
  /** Header names in any case. */
  headers: Record<string, string>;
  body?: string;
}

export interface ArmResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

/** An ARM error a handler throws; the handler turns it into the error response. */
export class ArmFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ArmFault';
  }
}

let requestCounter = 0;

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): ArmResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...requestIdHeaders(), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): ArmResponse {
  return { status, headers: { ...requestIdHeaders(), ...headers } };
}

export function faultResponse(fault: ArmFault): ArmResponse {
  return jsonResponse(fault.status, { error: { code: fault.code, message: fault.message } }, fault.headers);
}

function requestIdHeaders(): Record<string, string> {
  const id = guidFromText(`sim-request-${requestCounter++}`);
  return { 'x-ms-request-id': id, 'x-ms-correlation-request-id': id };
}
