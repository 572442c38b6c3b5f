/**
 * Per-user folders: XDG on Linux, Application Support on macOS, AppData on Windows.
 * FOLEY_DATA_DIR overrides everything (tests, portable installs).
 */
import { homedir } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function dataDir(): string {
  if (process.env.FOLEY_DATA_DIR) return process.env.FOLEY_DATA_DIR;
  const home = homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'foley-bridge');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'foley-bridge');
  return join(process.env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'foley-bridge');
}

/**
 * Where models/ bundles are looked up: FOLEY_MODELS_DIR, else the project's models/ folder, found from
 * this file whether it runs from the sources (bridge-server/core) or the build (dist/bridge-server/core).
 */
export function modelsDir(): string {
  if (process.env.FOLEY_MODELS_DIR) return process.env.FOLEY_MODELS_DIR;
  const fromSources = join(__dirname, '..', '..', 'models');
  const fromBuild = join(__dirname, '..', '..', '..', 'models');
  return existsSync(join(fromSources, 'procedural')) ? fromSources : fromBuild;
}
