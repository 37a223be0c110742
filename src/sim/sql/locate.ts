// Finding a simulated SQL server by the name clients connect to, and its databases.
import type { SimDatabase, SimSqlServer, World } from '../world.js';

export function serverByFqdn(world: World, fqdn: string): SimSqlServer | undefined {
  const wanted = fqdn.toLowerCase().replace(/\.$/, '');
  for (const subscription of world.subscriptions) {
    const server = subscription.sqlServers.find((s) => s.fullyQualifiedDomainName.toLowerCase() === wanted);
    if (server) return server;
  }
  return undefined;
}

/** Database names compare case-insensitively on Azure SQL. */
export function databaseByName(server: SimSqlServer, name: string): SimDatabase | undefined {
  return server.databases.find((d) => d.name.toLowerCase() === name.toLowerCase());
}
