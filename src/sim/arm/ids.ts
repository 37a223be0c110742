// Ids the simulation makes: GUIDs that look real but come from a counter or a name, so runs repeat.
import { createHash } from 'node:crypto';
import type { World } from '../world.js';

/** A version-4-shaped GUID derived from text (same text, same GUID). */
export function guidFromText(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The next GUID from the world's counter (object ids, client ids of new identities). */
export function nextGuid(world: World): string {
  const n = world.nextId;
  world.nextId = n + 1;
  return guidFromText(`sim-id-${n}`);
}
