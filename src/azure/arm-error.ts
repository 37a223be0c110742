// ARM failures as errors a user can act on: which permission is missing where, what was not found.

import { AzureError, UsageError, UserFacingError } from '../errors.js';

interface RestErrorLike {
  name: string;
  message: string;
  statusCode?: number;
  code?: string;
  request?: { method?: string; url?: string };
  response?: { headers?: { get(name: string): string | undefined } };
}

/** RestError from either SDK generation (duck-typed: the class lives in a transitive package). */
export function isRestError(error: unknown): error is RestErrorLike {
  return error instanceof Error && error.name === 'RestError';
}

export function isNotFound(error: unknown): boolean {
  return isRestError(error) && error.statusCode === 404;
}

/**
 * Turns an ARM RestError into a UserFacingError; `what` names the thing the call was about, as a noun
 * phrase ("app my-func in resource group rg (subscription ...)"). Anything else passes through.
 */
export function translateArmError(error: unknown, what: string): Error {
  if (error instanceof UserFacingError || !isRestError(error)) return error instanceof Error ? error : new Error(String(error));
  return translate(error, armFailure(error), what);
}

/** What is worth keeping of a RestError: its request and response carry the Authorization header (the token). */
export class ArmFailure extends Error {
  constructor(
    message: string,
    readonly statusCode: number | undefined,
    readonly code: string | undefined,
    readonly request: string | undefined,
    readonly requestId: string | undefined,
  ) {
    super(message);
    this.name = 'ArmFailure';
  }
}

function armFailure(error: RestErrorLike): ArmFailure {
  const request = error.request?.method && error.request.url ? `${error.request.method} ${error.request.url}` : undefined;
  const headers = error.response?.headers;
  const requestId = typeof headers?.get === 'function' ? headers.get('x-ms-request-id') : undefined;
  const failure = new ArmFailure(error.message, error.statusCode, error.code, request, requestId);
  failure.stack = `${failure.name}: ${failure.message}\n${(error as Error).stack?.split('\n').slice(1).join('\n') ?? ''}`;
  return failure;
}

function translate(rest: RestErrorLike, error: ArmFailure, what: string): Error {
  const status = rest.statusCode;
  const armMessage = oneParagraph(rest.message);
  if (status === undefined) {
    return new AzureError(
      `Could not reach Azure Resource Manager for ${what}: ${armMessage}`,
      'Check the network connection (and any proxy), then run this again.',
      error,
    );
  }
  if (status === 401) {
    if (rest.code === 'InvalidAuthenticationTokenTenant') {
      return new AzureError(
        `Azure refused the sign-in for ${what}: the token is for another tenant than the subscription's. ${armMessage}`,
        "Sign in to the subscription's tenant (`az login --tenant <tenant id>`), then run this again.",
        error,
      );
    }
    return new AzureError(`Azure refused the sign-in for ${what}: ${armMessage}`, 'Sign in again (`az login`), then run this again.', error);
  }
  if (status === 403) return permissionError(error, what, armMessage);
  if (status === 404) {
    if (rest.code === 'SubscriptionNotFound') {
      return new UsageError(`The subscription of ${what} was not found: ${armMessage}`, 'Check --subscription (`az account list -o table` lists what you can see).', error);
    }
    if (rest.code === 'ResourceGroupNotFound') {
      return new UsageError(`The resource group of ${what} was not found: ${armMessage}`, 'Check the resource group name (-g).', error);
    }
    return new UsageError(`${capitalize(what)} was not found.`, 'Check the name, resource group and subscription.', error);
  }
  if (status === 409) {
    return new AzureError(
      `Azure reported a conflict for ${what}: ${armMessage}`,
      'Another operation may be running on it; wait a minute, then run this again.',
      error,
    );
  }
  if (status === 429) {
    return new AzureError(`Azure is throttling requests (for ${what}).`, 'Wait a minute, then run this again.', error);
  }
  if (status === 400) {
    return new AzureError(`Azure rejected the request for ${what}: ${armMessage}`, 'If the message names a setting, fix it and run this again.', error);
  }
  if (status >= 500) {
    return new AzureError(`Azure failed (HTTP ${status}) for ${what}: ${armMessage}`, 'This is usually temporary: run this again in a minute.', error);
  }
  return new AzureError(`Azure answered HTTP ${status} for ${what}: ${armMessage}`, undefined, error);
}

function permissionError(error: ArmFailure, what: string, armMessage: string): AzureError {
  // ARM's AuthorizationFailed text: "... perform action '<action>' over scope '<scope>' ..."; the linked-scope
  // variant: "... does not have permission to perform action(s) '<action>' on the linked scope(s) '<scope>' ...".
  const linked = /perform action\(s\) '([^']+)' on the linked scope\(s\) '([^']+)'/i.exec(error.message);
  const direct = /perform action '([^']+)' over scope '([^']+)'/i.exec(error.message);
  const match = linked ?? direct;
  if (!match) {
    return new AzureError(
      `You do not have permission for ${what}: ${armMessage}`,
      'Ask an Owner of the resource for a role that allows this (for example Contributor), then run this again.',
      error,
    );
  }
  const action = match[1] as string;
  const scope = (match[2] as string).split(',')[0]?.trim() ?? '';
  return new AzureError(
    `You do not have permission for ${what}: the action ${action} is not allowed on ${scope}.`,
    `Ask an Owner of that scope to grant you ${roleFor(action)} on it, then run this again (a new role assignment can take a few minutes to apply).`,
    error,
  );
}

/** The built-in role that allows an action; the least one this tool's actions need. */
export function roleFor(action: string): string {
  const a = action.toLowerCase();
  if (a.startsWith('microsoft.managedidentity/userassignedidentities/assign')) return 'the Managed Identity Operator role';
  if (a.startsWith('microsoft.managedidentity/') && a.endsWith('/read')) return 'the Reader role';
  if (a.startsWith('microsoft.web/')) return a.endsWith('/read') ? 'the Reader role' : 'the Website Contributor role (or Contributor)';
  if (a.startsWith('microsoft.sql/servers/administrators/')) return 'the Contributor role';
  if (a.startsWith('microsoft.sql/')) return a.endsWith('/read') ? 'the Reader role' : 'the SQL Server Contributor role (or Contributor)';
  return 'a role that allows it (for example Contributor)';
}

function oneParagraph(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
