// A stand-in for the Azure CLI, put first on PATH for a spawned azsql-mi-setup: it answers
// `az account get-access-token --output json --resource <r> [--tenant <t>]` (what @azure/identity's
// AzureCliCredential runs) the way az 2.54+ does, with an unsigned JWT for the signed-in principal
// whose aud is the requested resource. It never touches the network.
// Usage: node az-stand-in.mjs <state dir> <az arguments...>
// <state dir>/signed-in.json says who is signed in (absent: nobody, as before `az login`);
// every token handed out is appended to <state dir>/issued.jsonl so a test can look for it in output.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const AZURE_CLI_APP_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const [stateDir, ...args] = process.argv.slice(2);

function option(name) {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

function fail(message, code = 1) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

if (args[0] !== 'account' || args[1] !== 'get-access-token') {
  fail(`ERROR: 'az ${args.slice(0, 2).join(' ')}' is not answered by this test stand-in.`, 2);
}
const signedInFile = join(stateDir, 'signed-in.json');
if (!existsSync(signedInFile)) fail("ERROR: Please run 'az login' to setup account.");
const me = JSON.parse(readFileSync(signedInFile, 'utf8'));

// --scope is the newer form; the credential sends --resource (the scope without /.default).
const resource = option('--resource') ?? option('--scope')?.replace(/\/\.default$/, '');
if (!resource) fail('ERROR: the following arguments are required: --resource', 2);
const tenant = option('--tenant') ?? me.tenantId;

const now = Math.floor(Date.now() / 1000);
const exp = now + 3600;
const identity =
  me.kind === 'app'
    ? { appid: me.appId, azp: me.appId, appidacr: '1', idtyp: 'app' }
    : { upn: me.upn, unique_name: me.upn, name: me.name, appid: AZURE_CLI_APP_ID, appidacr: '0', idtyp: 'user' };
const claims = { aud: resource, iss: `https://sts.windows.net/${tenant}/`, iat: now, nbf: now, exp, ver: '1.0', tid: tenant, oid: me.objectId, sub: me.objectId, ...identity };
const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const accessToken = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;

appendFileSync(join(stateDir, 'issued.jsonl'), `${JSON.stringify({ resource, tenant, token: accessToken })}\n`);
const local = new Date(exp * 1000);
const pad = (n) => String(n).padStart(2, '0');
process.stdout.write(
  `${JSON.stringify(
    {
      accessToken,
      expiresOn: `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}.000000`,
      expires_on: exp,
      subscription: me.subscriptionId ?? '',
      tenant,
      tokenType: 'Bearer',
    },
    null,
    2,
  )}\n`,
);
