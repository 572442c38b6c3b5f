/**
 * Browser host page (development and e2e): the simulated timeline beside the very same panel, rendered
 * with plain HTML widgets. Query: `?bridge=ws://127.0.0.1:PORT&scene=<url-encoded JSON>`; tests can also
 * call `window.foleyHost.load(scene)` and read `window.foleyHost.sequence`.
 */
import { createRoot } from 'react-dom/client';
import { BridgeClient, localStorageTokenStore } from '../bridge/bridgeClient';
import { BrowserHost } from '../hosts/browser/browserHost';
import { SimulatedSequence, type SceneInput } from '../hosts/browser/simulatedSequence';
import { SimulatedTimeline } from '../hosts/browser/SimulatedTimeline';
import { App } from '../ui/App';
import { PanelStore } from '../ui/panelStore';
import { BROWSER_HOST_CSS, PANEL_CSS, injectCss } from './styles';

declare global {
  interface Window {
    foleyHost?: { sequence: SimulatedSequence; store: PanelStore; load(scene: SceneInput): Promise<void> };
  }
}

function main(): void {
  injectCss(PANEL_CSS + BROWSER_HOST_CSS);
  const params = new URLSearchParams(window.location.search);
  const sceneText = params.get('scene');
  const sequence = new SimulatedSequence(sceneText ? (JSON.parse(sceneText) as SceneInput) : {});
  const bridge = new BridgeClient({ url: params.get('bridge') ?? 'ws://127.0.0.1:17345', clientName: 'Browser host', tokens: localStorageTokenStore() });
  const store = new PanelStore(bridge, new BrowserHost(sequence));
  window.foleyHost = {
    sequence,
    store,
    async load(scene) {
      sequence.load(scene);
      await store.refreshHost();
    },
  };
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <>
      <SimulatedTimeline sequence={sequence} />
      <div className="host-panel">
        <App store={store} mode="html" />
      </div>
    </>,
  );
  bridge.connect();
}

main();
