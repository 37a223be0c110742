// The SQL server's side of situations that take two parties or some time: another admin changing the
// database between this run's read and its write, and a change made through ARM that the server
// applies only a moment later (a new firewall rule, a new Entra admin), as Azure does.
import type { WorldStore } from '../../src/sim/store.js';
import type { World } from '../../src/sim/world.js';
import { firewallRefused, loginFailed } from '../../src/sim/sql/errors.js';
import type { TdsBackend } from '../tds/backend.js';

type Wrap = (backend: TdsBackend, store: WorldStore) => TdsBackend;

/** Another admin changes the database right after this run read its user, before this run writes. */
export function changedAfterRead(change: (world: World) => void): Wrap {
  return (backend, store) => {
    let changed = false;
    return {
      async login(request) {
        const session = await backend.login(request);
        return {
          ...session,
          async execute(batch, params) {
            const result = await session.execute(batch, params);
            if (!changed && /WHERE p\.name = @name/.test(batch)) {
              changed = true;
              change(store.world);
            }
            return result;
          },
        };
      },
    };
  };
}

/** The first login after `applied(world)` becomes true is still refused with `refusal`: the change is on its way. */
function notYetInEffect(applied: (world: World) => boolean, refusal: (request: { serverName: string; clientIp: string }) => Error): Wrap {
  return (backend, store) => {
    let refused = false;
    return {
      login(request) {
        if (!refused && applied(store.world)) {
          refused = true;
          throw refusal(request);
        }
        return backend.login(request);
      },
    };
  };
}

/** A new firewall rule (this tool's) takes one more login to reach the gateway. */
export function firewallRuleTakesAMoment(serverName: string): Wrap {
  const hasTemporaryRule = (world: World) =>
    world.subscriptions.some((s) => s.sqlServers.some((v) => v.name === serverName && v.firewallRules.some((r) => r.name.startsWith('azsql-mi-setup-'))));
  return notYetInEffect(hasTemporaryRule, (request) => firewallRefused(serverName, request.clientIp));
}

/** A new Entra admin set through ARM takes one more login to reach the database. */
export function adminTakesAMoment(serverName: string, adminSid: string): Wrap {
  const isAdmin = (world: World) =>
    world.subscriptions.some((s) => s.sqlServers.some((v) => v.name === serverName && v.admin?.sid === adminSid));
  return notYetInEffect(isAdmin, () => loginFailed());
}
