// Tests build ARM clients directly; the CLI loads the SDK modules in the background first, as here.
import { loadArmSdks } from '../src/azure/clients.js';

await loadArmSdks();
