/** React binding of the PanelStore: a context holding the store and a hook reading its snapshot. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { PanelState, PanelStore } from './panelStore';

export const PanelStoreContext = createContext<PanelStore | null>(null);

export function usePanelStore(): PanelStore {
  const store = useContext(PanelStoreContext);
  if (!store) throw new Error('PanelStoreContext is missing');
  return store;
}

export function usePanelState(): PanelState {
  const store = usePanelStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
