// Where the simulated world lives: in memory for tests, in a file for --demo. Writers call save().
import type { World } from './world.js';

export interface WorldStore {
  world: World;
  /** Persists the world after a successful write (a no-op for in-memory stores). */
  save(): void;
}
