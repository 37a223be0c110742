// Matching a request path against ARM path templates: literal segments compare case-insensitively,
// {name} segments capture (URL-decoded).
import type { WorldStore } from '../store.js';
import type { World } from '../world.js';
import type { ArmResponse } from './response.js';

export interface ArmSimOptions {
  /** How long the admin PUT's long-running operation takes (ms); also advertised as Retry-After. */
  pollDelayMs?: number;
  /** How many status polls answer InProgress before the operation can succeed (default 1). */
  inProgressPolls?: number;
}

export interface RouteContext {
  store: WorldStore;
  world: World;
  method: string;
  /** e.g. https://management.azure.com (no trailing slash). */
  origin: string;
  url: URL;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
  options: ArmSimOptions;
}

export type Params = Record<string, string>;
export type RouteHandler = (ctx: RouteContext, params: Params) => ArmResponse | Promise<ArmResponse>;

export interface Route {
  pattern: string;
  methods: Partial<Record<'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE', RouteHandler>>;
}

export function matchRoute(pattern: string, segments: string[]): Params | undefined {
  const parts = pattern.split('/').filter((p) => p !== '');
  if (parts.length !== segments.length) return undefined;
  const params: Params = {};
  for (const [i, part] of parts.entries()) {
    const segment = segments[i]!;
    if (part.startsWith('{') && part.endsWith('}')) {
      if (segment === '') return undefined;
      params[part.slice(1, -1)] = segment;
    } else if (part.toLowerCase() !== segment.toLowerCase()) {
      return undefined;
    }
  }
  return params;
}

/** The path's segments, decoded; one trailing slash is tolerated, empty segments are kept. */
export function pathSegments(pathname: string): string[] {
  const trimmed = pathname.replace(/^\//, '').replace(/\/$/, '');
  return trimmed === '' ? [] : trimmed.split('/').map((s) => decodeURIComponent(s));
}
