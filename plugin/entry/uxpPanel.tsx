/**
 * UXP entry point (Premiere Pro): wires the Premiere adapter and the bridge client into the React panel,
 * rendered with Spectrum UXP widgets. `entrypoints.setup` is called once, early (P11).
 */
import { createRoot } from 'react-dom/client';
import { BridgeClient, localStorageTokenStore } from '../bridge/bridgeClient';
import { loadPremiereApi } from '../hosts/premiere/premiereApi';
import { PremiereHost } from '../hosts/premiere/premiereHost';
import { App } from '../ui/App';
import { PanelStore } from '../ui/panelStore';
import { PANEL_CSS, injectCss } from './styles';

const DEFAULT_BRIDGE_URL = 'ws://127.0.0.1:17345';

async function pathExists(path: string): Promise<boolean> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs') as { lstat(path: string): Promise<unknown> };
  // UXP's fs takes native paths with fullAccess; some builds want the file: scheme, so try both
  for (const candidate of path.startsWith('file:') ? [path] : [path, `file:${path}`]) {
    try {
      await fs.lstat(candidate);
      return true;
    } catch {
      // try the next form
    }
  }
  return false;
}

function start(root: HTMLElement): PanelStore {
  injectCss(PANEL_CSS);
  const bridge = new BridgeClient({
    url: globalThis.localStorage?.getItem('foley-bridge.url') ?? DEFAULT_BRIDGE_URL,
    clientName: 'Premiere Pro panel',
    tokens: localStorageTokenStore(),
  });
  bridge.onState((s) => {
    if (s.status === 'ready') globalThis.localStorage?.setItem('foley-bridge.url', bridge.serverUrl);
  });
  const store = new PanelStore(bridge, new PremiereHost({ ppro: loadPremiereApi(), pathExists }));
  createRoot(root).render(<App store={store} mode="spectrum" />);
  bridge.connect();
  return store;
}

let store: PanelStore | null = null;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { entrypoints } = require('uxp') as { entrypoints: { setup(config: unknown): void } };
entrypoints.setup({
  panels: {
    foleyPanel: {
      // create(rootNode) runs once; show is the fallback for hosts that skip create (uxpshowpanel fires once)
      create(rootNode?: HTMLElement) {
        if (store) return;
        const node = document.getElementById('root') ?? rootNode;
        if (node) store = start(node);
      },
      show(rootNode?: HTMLElement) {
        if (store) return;
        const node = document.getElementById('root') ?? rootNode;
        if (node) store = start(node);
      },
    },
  },
});
