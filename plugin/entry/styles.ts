/** Panel styles as one string injected once (no CSS loader; UXP has no transitions/animations anyway). */
export const PANEL_CSS = `
.fb-panel { font-family: system-ui, sans-serif; font-size: 12px; color: #ddd; background: #232323; padding: 8px; min-width: 280px; }
.fb-row { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 6px; margin: 4px 0; }
.fb-spread { justify-content: space-between; }
.fb-field { display: flex; flex-direction: column; gap: 2px; }
.fb-label { color: #aaa; font-size: 11px; }
.fb-field input, .fb-field textarea, .fb-field select, .fb-cues input { background: #1b1b1b; color: #eee; border: 1px solid #444; border-radius: 3px; padding: 3px 5px; }
.fb-field textarea { width: 100%; box-sizing: border-box; resize: vertical; }
.fb-panel label.fb-field:has(textarea) { align-self: stretch; }
.fb-button { background: #3a3a3a; color: #eee; border: 1px solid #555; border-radius: 12px; padding: 3px 12px; cursor: pointer; }
.fb-button:disabled { opacity: .45; cursor: default; }
.fb-cta { background: #2d6fdb; border-color: #2d6fdb; color: #fff; font-weight: 600; }
.fb-primary { background: #e0e0e0; color: #222; }
.fb-warning { color: #ff8b7b; }
.fb-quiet { background: transparent; border-color: transparent; }
.fb-heading { font-size: 12px; margin: 10px 0 4px; text-transform: uppercase; letter-spacing: .05em; color: #bbb; }
.fb-hint { color: #999; font-size: 11px; margin: 2px 0; }
.fb-error { background: #4a1f1f; color: #ffd6d6; border-radius: 3px; padding: 4px 6px; margin: 4px 0; }
.fb-link { background: none; border: none; color: inherit; cursor: pointer; float: right; }
.fb-connection { border-bottom: 1px solid #333; padding-bottom: 6px; }
.fb-dot { width: 8px; height: 8px; border-radius: 4px; display: inline-block; background: #777; }
.fb-dot-ready { background: #3fb950; } .fb-dot-pairing, .fb-dot-unpaired, .fb-dot-connecting { background: #d29922; } .fb-dot-disconnected { background: #f85149; }
.fb-tabs { display: flex; gap: 2px; margin: 6px 0; }
.fb-tab-button { background: none; border: none; border-bottom: 2px solid transparent; color: #aaa; padding: 4px 8px; cursor: pointer; }
.fb-tab-button.fb-active { color: #fff; border-bottom-color: #2d6fdb; }
.fb-list { display: flex; flex-direction: column; gap: 2px; }
.fb-list-row { display: flex; gap: 6px; align-items: center; padding: 2px 4px; background: #2b2b2b; border-radius: 3px; }
.fb-grow { flex: 1; }
.fb-mono { font-family: ui-monospace, monospace; }
.fb-job { border: 1px solid #3a3a3a; border-radius: 4px; padding: 6px; margin: 6px 0; }
.fb-progress-label { display: flex; justify-content: space-between; font-size: 11px; color: #bbb; }
.fb-progress-track { height: 4px; background: #3a3a3a; border-radius: 2px; }
.fb-progress-fill { height: 4px; background: #2d6fdb; border-radius: 2px; }
.fb-minitimeline { display: block; margin: 4px 0; }
.fb-mt-bg { fill: #1b1b1b; } .fb-mt-motion { stroke: #6e7681; stroke-width: 1; } .fb-mt-cue { stroke: #f0b72f; stroke-width: 2; } .fb-mt-span { fill: #2d6fdb; }
.fb-cues { border-collapse: collapse; width: 100%; } .fb-cues td, .fb-cues th { padding: 2px; text-align: left; font-size: 11px; }
.fb-num { width: 60px; }
.fb-swatch { width: 10px; height: 10px; border-radius: 2px; display: inline-block; background: #888; }
.fb-color-green { background: #3fb950; } .fb-color-red { background: #f85149; } .fb-color-purple { background: #a371f7; } .fb-color-orange { background: #f0883e; }
.fb-color-yellow { background: #e3b341; } .fb-color-white { background: #eee; } .fb-color-blue { background: #388bfd; } .fb-color-cyan { background: #39c5cf; }
.fb-badge { color: #3fb950; font-style: normal; }
.fb-editor { border: 1px solid #3a3a3a; padding: 6px; border-radius: 4px; margin-top: 6px; }
`;

export const BROWSER_HOST_CSS = `
body { margin: 0; background: #181818; display: flex; gap: 12px; align-items: flex-start; }
.sim-timeline { flex: 1; padding: 8px; color: #ccc; font: 12px system-ui, sans-serif; overflow-x: auto; }
.sim-toolbar { display: flex; gap: 8px; align-items: center; margin-bottom: 6px; }
.sim-track { position: relative; height: 28px; border-bottom: 1px solid #2a2a2a; background: #202020; min-width: 1200px; }
.sim-track-name { position: absolute; left: 0; top: 6px; color: #777; font-size: 10px; z-index: 0; }
.sim-clip { position: absolute; top: 2px; height: 24px; background: #3b5a8a; color: #fff; border: 1px solid #5a7fb8; border-radius: 3px; font-size: 11px; overflow: hidden; cursor: pointer; padding: 0 4px; }
.sim-selected { background: #d29922; border-color: #ffdd88; color: #111; }
.sim-audio-item { position: absolute; top: 3px; height: 22px; background: #2f7d4f; border: 1px solid #4fbf7f; border-radius: 3px; }
.sim-markers { height: 14px; }
.sim-marker { position: absolute; top: 2px; width: 8px; height: 10px; background: #3fb950; }
.sim-color-1 { background: #f85149; } .sim-color-2 { background: #a371f7; } .sim-color-3 { background: #f0883e; } .sim-color-4 { background: #e3b341; } .sim-color-5 { background: #eee; } .sim-color-6 { background: #388bfd; } .sim-color-7 { background: #39c5cf; }
.host-panel { width: 360px; }
`;

export function injectCss(css: string): void {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);
}
