/**
 * Per-user folders: XDG on Linux, Application Support on macOS, AppData on Windows.
 * FOLEY_DATA_DIR overrides everything (tests, portable installs).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function dataDir(): string {
  if (process.env.FOLEY_DATA_DIR) return process.env.FOLEY_DATA_DIR;
  const home = homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'foley-bridge');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'foley-bridge');
  return join(process.env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'foley-bridge');
}

/** Where models/ bundles are looked up: FOLEY_MODELS_DIR, else the project's models/ folder. */
export function modelsDir(): string {
  return process.env.FOLEY_MODELS_DIR ?? join(__dirname, '..', '..', '..', 'models');
}
