import { describe, expect, it } from 'vitest';
import { translateArmError } from '../../src/azure/arm-error.js';
import { AzureError, UsageError } from '../../src/errors.js';

function restError(statusCode: number | undefined, code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'RestError', statusCode, code });
}

const SCOPE = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app';

describe('translateArmError', () => {
  it('403 AuthorizationFailed: names the action, the scope and a role that allows it', () => {
    const error = translateArmError(
      restError(403, 'AuthorizationFailed', `The client 'dana@contoso.com' with object id 'o' does not have authorization to perform action 'Microsoft.Web/sites/write' over scope '${SCOPE}' or the scope is invalid. If access was recently granted, please refresh your credentials.`),
      'app app in resource group rg',
    );
    expect(error).toBeInstanceOf(AzureError);
    expect(error.message).toBe(`You do not have permission for app app in resource group rg: the action Microsoft.Web/sites/write is not allowed on ${SCOPE}.`);
    expect((error as AzureError).suggestion).toContain('Website Contributor');
  });

  it('403 LinkedAuthorizationFailed: the identity assign permission on the identity', () => {
    const idScope = '/subscriptions/s/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders-id';
    const error = translateArmError(
      restError(403, 'LinkedAuthorizationFailed', `The client 'x' with object id 'o' has permission to perform action 'Microsoft.Web/sites/write' on scope '${SCOPE}'; however, it does not have permission to perform action(s) 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action' on the linked scope(s) '${idScope}' (respectively) or the linked scope(s) are invalid.`),
      'the managed identity of app app',
    );
    expect(error.message).toContain(`Microsoft.ManagedIdentity/userAssignedIdentities/assign/action is not allowed on ${idScope}`);
    expect((error as AzureError).suggestion).toContain('Managed Identity Operator');
  });

  it('404: a usage error naming what was looked for', () => {
    const error = translateArmError(restError(404, 'ResourceNotFound', "The Resource 'Microsoft.Web/sites/nope' was not found."), 'app nope in resource group rg (subscription s)');
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('App nope in resource group rg (subscription s) was not found.');
    const group = translateArmError(restError(404, 'ResourceGroupNotFound', "Resource group 'rgx' could not be found."), 'app a');
    expect(group.message).toContain("Resource group 'rgx' could not be found.");
  });

  it('409, 429, 5xx and network failures: Azure errors with a way forward', () => {
    expect((translateArmError(restError(409, 'Conflict', 'busy'), 'x') as AzureError).suggestion).toContain('wait a minute');
    expect(translateArmError(restError(429, 'TooManyRequests', 'slow down'), 'x').message).toContain('throttling');
    expect(translateArmError(restError(503, 'ServiceUnavailable', 'down'), 'x').message).toContain('HTTP 503');
    const offline = translateArmError(restError(undefined, 'REQUEST_SEND_ERROR', 'getaddrinfo ENOTFOUND management.azure.com'), 'x');
    expect(offline).toBeInstanceOf(AzureError);
    expect(offline.message).toContain('Could not reach Azure Resource Manager');
  });

  it('anything that is not an ARM error passes through unchanged', () => {
    const bug = new TypeError('x is undefined');
    expect(translateArmError(bug, 'x')).toBe(bug);
    const usage = new UsageError('already explained');
    expect(translateArmError(usage, 'x')).toBe(usage);
  });
});
