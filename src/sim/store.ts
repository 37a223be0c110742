// Where the simulated world lives: in memory for tests, in a file for --demo. Writers call save().
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { World } from './world.js';

export interface WorldStore {
  world: World;
  /** Persists the world after a successful write (a no-op for in-memory stores). */
  save(): void;
}

export function createMemoryStore(world: World): WorldStore {
  return { world, save() {} };
}

/** Reads the world from path if it exists, else seeds it; save() replaces the file atomically. */
export function openFileStore(path: string, seed: () => World): WorldStore {
  const world = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as World) : seed();
  const store: WorldStore = {
    world,
    save() {
      // A temp file then rename: a crash mid-write never leaves half a world behind.
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(store.world, null, 2)}\n`);
      renameSync(temp, path);
    },
  };
  return store;
}
