/** The panel: connection bar, then Generate / Markers / Presets tabs, and the job list. */
import { useEffect, useState } from 'react';
import type { PanelStore } from './panelStore';
import { ConnectionBar } from './ConnectionBar';
import { GenerateTab } from './GenerateTab';
import { JobList } from './JobList';
import { MarkerBatch } from './MarkerBatch';
import { PresetManager } from './PresetManager';
import { PanelStoreContext, usePanelState, usePanelStore } from './usePanel';
import { ErrorLine, WidgetModeContext, type WidgetMode } from './widgets';

type Tab = 'generate' | 'markers' | 'presets';
const TABS: ReadonlyArray<{ id: Tab; label: string }> = Object.freeze([
  { id: 'generate', label: 'Generate' },
  { id: 'markers', label: 'Markers' },
  { id: 'presets', label: 'Presets' },
]);

function PanelBody() {
  const store = usePanelStore();
  const state = usePanelState();
  const [tab, setTab] = useState<Tab>('generate');
  useEffect(() => {
    void store.refreshHost();
  }, [store]);
  return (
    <div className="fb-panel" data-testid="panel">
      <ConnectionBar bridge={store.bridge} />
      <nav className="fb-tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={`fb-tab-button${tab === t.id ? ' fb-active' : ''}`} onClick={() => setTab(t.id)} data-testid={`tab-${t.id}`}>
            {t.label}
          </button>
        ))}
      </nav>
      <ErrorLine error={state.lastError} onDismiss={() => store.clearError()} />
      {/* tabs stay mounted (hidden) so a half-written prompt survives a look at the markers */}
      <div style={{ display: tab === 'generate' ? 'block' : 'none' }}>
        <GenerateTab />
        <JobList />
      </div>
      <div style={{ display: tab === 'markers' ? 'block' : 'none' }}>
        <MarkerBatch />
      </div>
      {tab === 'presets' ? <PresetManager /> : null}
    </div>
  );
}

export function App({ store, mode }: { store: PanelStore; mode: WidgetMode }) {
  return (
    <WidgetModeContext.Provider value={mode}>
      <PanelStoreContext.Provider value={store}>
        <PanelBody />
      </PanelStoreContext.Provider>
    </WidgetModeContext.Provider>
  );
}
