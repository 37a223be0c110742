// The simulated Azure Resource Manager: the request handler, the in-process HttpClient for the
// SDK clients' `httpClient` option, and the HTTPS server for out-of-process runs.
export { handleArmRequest } from './handler.js';
export { createSimArmHttpClient, type SimArmHttpClient } from './http-client.js';
export { startSimArmServer, type SimArmServer, type SimArmServerOptions } from './server.js';
export type { RecordedRequest } from './recorded.js';
export type { ArmRequest, ArmResponse } from './response.js';
export type { ArmSimOptions } from './router.js';
export { SIM_CLOUD_NAME } from './metadata.js';
