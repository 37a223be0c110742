// What went over the wire, for tests to assert on. Never holds headers: they carry the token.
export interface RecordedRequest {
  method: string;
  url: string;
  /** The URL's path, e.g. /subscriptions/<id>/resourceGroups/rg/providers/Microsoft.Web/sites/app. */
  path: string;
  /** The JSON body, parsed; the raw text when it is not JSON; undefined when there was none. */
  body: unknown;
  status: number;
}

export function recordRequest(method: string, url: string, body: string | undefined, status: number): RecordedRequest {
  return { method: method.toUpperCase(), url, path: new URL(url).pathname, body: parseIfJson(body), status };
}

function parseIfJson(body: string | undefined): unknown {
  if (body === undefined || body === '') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
