/**
 * The panel's state and the operations behind every button: it joins the bridge client (jobs, presets)
 * and the host adapter (selection, markers, placement). React components read a snapshot through
 * `usePanelState` and call methods; nothing here touches the DOM, so the same store drives the UXP
 * panel and the browser host.
 */
import type { FoleyPlan, Cue } from '../../bridge-server/contracts/plan';
import type { Preset } from '../../bridge-server/contracts/preset';
import type { ItemDetail, ItemResult, JobItemInput, ServerEvent } from '../../bridge-server/protocol';
import type { BridgeClient, BridgeErrorInfo, ConnectionState } from '../bridge/bridgeClient';
import { toBridgeError } from '../bridge/bridgeClient';
import type { HostAdapter, HostClip, HostMarker, PlacementReport, SequenceInfo } from '../hosts/hostAdapter';
import type { StageName } from '../../bridge-server/contracts/stages';

export interface ErrorInfo {
  code: string;
  message: string;
}

export type ItemStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ItemView {
  itemId: string;
  label: string;
  status: ItemStatus;
  stage?: StageName;
  fraction: number;
  result?: ItemResult;
  error?: ErrorInfo;
  /** where the item's result goes on the timeline */
  timelineStartSec: number;
  durationSec: number;
  markerId?: string;
  placed?: boolean;
}

export interface JobView {
  jobId: string;
  kind: 'generate' | 'plan';
  batch: 'clip' | 'markers';
  label: string;
  presetName: string;
  status: ItemStatus;
  stage?: StageName;
  fraction: number;
  items: ItemView[];
  error?: ErrorInfo;
  placement?: PlacementSummary;
}

export interface PlacementSummary {
  placed: number;
  failed: Array<{ key: string; reason: string }>;
  trackIndex: number;
  createdTrack: boolean;
}

export interface PresetView {
  preset: Preset;
  factory: boolean;
  isDefault: boolean;
}

export interface PlanReviewState {
  clip: HostClip;
  plan: FoleyPlan;
  motion: number[];
  motionRateHz: number;
  /** what the prompt asked for and the plan could not give (the bridge's one-line notices) */
  notices?: string[];
  presetName: string;
  prompt: string;
  seed: number;
  variations?: number;
}

export interface MarkerFilter {
  colorIndex: number | null;
  prefix: string;
}

export interface PanelState {
  connection: ConnectionState;
  projectId: string | null;
  sequence: SequenceInfo | null;
  selectedClips: HostClip[];
  markers: HostMarker[];
  hostError: ErrorInfo | null;
  presets: PresetView[];
  defaultPreset: string;
  presetError: ErrorInfo | null;
  jobs: JobView[];
  lastError: ErrorInfo | null;
  plan: PlanReviewState | null;
  markerFilter: MarkerFilter;
  markerJobId: string | null;
}

export interface GenerateOptions {
  prompt: string;
  presetName: string;
  variations?: number;
  seed: number;
}

/** Length of the window rendered for a marker without a duration. */
export const MARKER_WINDOW_SEC = 2;
/** Shortest window, even when the next marker is closer (a hit needs its attack and some decay). */
export const MIN_MARKER_WINDOW_SEC = 0.5;

export function markerText(marker: HostMarker, prefix: string): string | null {
  const p = prefix.trim().toLowerCase();
  for (const text of [marker.comments, marker.name]) {
    const t = text.trim();
    if (!p) return t;
    if (t.toLowerCase().startsWith(p)) return t.slice(p.length).trim();
  }
  return null;
}

export function filterMarkers(markers: readonly HostMarker[], filter: MarkerFilter): HostMarker[] {
  return markers.filter((m) => (filter.colorIndex === null || m.colorIndex === filter.colorIndex) && markerText(m, filter.prefix) !== null);
}

function errorOf(error: unknown): ErrorInfo {
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    const e = error as { code: unknown; message: unknown };
    if (typeof e.code === 'string' && typeof e.message === 'string') return { code: e.code, message: e.message };
  }
  return toBridgeError(error).toInfo();
}

export class PanelStore {
  private snapshot: PanelState;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribers: Array<() => void> = [];

  constructor(
    readonly bridge: BridgeClient,
    readonly host: HostAdapter,
  ) {
    this.snapshot = {
      connection: bridge.state,
      projectId: null,
      sequence: null,
      selectedClips: [],
      markers: [],
      hostError: null,
      presets: [],
      defaultPreset: 'default',
      presetError: null,
      jobs: [],
      lastError: null,
      plan: null,
      markerFilter: { colorIndex: null, prefix: 'SFX:' },
      markerJobId: null,
    };
    this.unsubscribers.push(
      bridge.onState((connection) => {
        this.set({ connection });
        if (connection.status === 'ready') void this.loadPresets();
      }),
      bridge.onEvent((event) => this.applyEvent(event)),
    );
    if (host.onSelectionChanged) this.unsubscribers.push(host.onSelectionChanged(() => void this.refreshHost()));
  }

  get state(): PanelState {
    return this.snapshot;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): PanelState => this.snapshot;

  dispose(): void {
    for (const u of this.unsubscribers) u();
    this.bridge.disconnect();
  }

  /** Re-reads project, sequence, selection and markers from the host. */
  async refreshHost(): Promise<void> {
    try {
      const projectId = await this.host.getProjectId();
      const sequence = await this.host.getSequence();
      const selectedClips = sequence && this.host.capabilities.selection ? await this.host.getSelectedClips() : [];
      const markers = sequence ? await this.host.getMarkers() : [];
      const projectChanged = projectId !== this.snapshot.projectId;
      this.set({ projectId, sequence, selectedClips, markers, hostError: null });
      if (projectChanged && this.snapshot.connection.status === 'ready') await this.loadPresets();
    } catch (error) {
      this.set({ hostError: errorOf(error) });
    }
  }

  // ---- presets (stored per project on the bridge) ----

  async loadPresets(): Promise<void> {
    const projectId = this.snapshot.projectId;
    if (!projectId || this.snapshot.connection.status !== 'ready') return;
    try {
      const { presets, defaultName } = await this.bridge.request('presets.list', { projectId });
      this.set({ presets, defaultPreset: defaultName, presetError: null });
    } catch (error) {
      this.set({ presetError: errorOf(error) });
    }
  }

  async savePreset(preset: Preset, previousName?: string): Promise<boolean> {
    const projectId = this.requireProject();
    if (!projectId) return false;
    try {
      await this.bridge.request('presets.save', { projectId, preset });
      if (previousName && previousName !== preset.name) {
        const wasDefault = this.snapshot.defaultPreset === previousName;
        await this.bridge.request('presets.delete', { projectId, name: previousName });
        if (wasDefault) await this.bridge.request('presets.setDefault', { projectId, name: preset.name });
      }
      await this.loadPresets();
      return true;
    } catch (error) {
      this.set({ presetError: errorOf(error) });
      return false;
    }
  }

  async duplicatePreset(name: string): Promise<string | null> {
    const source = this.snapshot.presets.find((p) => p.preset.name === name);
    if (!source) return null;
    const taken = new Set(this.snapshot.presets.map((p) => p.preset.name));
    let copyName = `${name} copy`;
    for (let n = 2; taken.has(copyName); n++) copyName = `${name} copy ${n}`;
    return (await this.savePreset({ ...source.preset, name: copyName })) ? copyName : null;
  }

  async deletePreset(name: string): Promise<void> {
    const projectId = this.requireProject();
    if (!projectId) return;
    try {
      await this.bridge.request('presets.delete', { projectId, name });
      await this.loadPresets();
    } catch (error) {
      this.set({ presetError: errorOf(error) });
    }
  }

  async setDefaultPreset(name: string): Promise<void> {
    const projectId = this.requireProject();
    if (!projectId) return;
    try {
      await this.bridge.request('presets.setDefault', { projectId, name });
      await this.loadPresets();
    } catch (error) {
      this.set({ presetError: errorOf(error) });
    }
  }

  presetNamed(name: string): Preset | undefined {
    return this.snapshot.presets.find((p) => p.preset.name === name)?.preset;
  }

  // ---- clip jobs ----

  /** One generate job per selected clip. */
  async generateForSelection(options: GenerateOptions): Promise<void> {
    await this.refreshHost();
    const clips = this.snapshot.selectedClips;
    if (clips.length === 0) {
      this.set({ lastError: { code: 'NO_SELECTION', message: 'Select one or more clips on the timeline first.' } });
      return;
    }
    for (const clip of clips) await this.submitClipJob(clip, options, {});
  }

  /** Plans the first selected clip and opens the plan review. */
  async planSelection(options: GenerateOptions): Promise<void> {
    await this.refreshHost();
    const clip = this.snapshot.selectedClips[0];
    if (!clip) {
      this.set({ lastError: { code: 'NO_SELECTION', message: 'Select a clip on the timeline to plan it.' } });
      return;
    }
    try {
      const { job } = await this.bridge.request('plan', {
        projectId: this.snapshot.projectId ?? undefined,
        presetName: options.presetName,
        label: `Plan ${clip.name}`,
        item: { ...this.clipItem(clip, options), itemId: 'clip' },
      });
      this.pendingPlans.set(job.jobId, { clip, presetName: options.presetName, prompt: options.prompt, seed: options.seed, variations: options.variations });
      this.addJob({
        jobId: job.jobId,
        kind: 'plan',
        batch: 'clip',
        label: `Plan: ${clip.name}`,
        presetName: job.presetName,
        status: job.status,
        fraction: 0,
        items: [this.newItem('clip', clip.name, clip.timelineStartSec, clip.timelineEndSec - clip.timelineStartSec)],
      });
      this.set({ lastError: null });
    } catch (error) {
      this.set({ lastError: errorOf(error) });
    }
  }

  updateCue(cueId: string, patch: Partial<Pick<Cue, 'start' | 'enabled' | 'gainDb' | 'sound'>>): void {
    const review = this.snapshot.plan;
    if (!review) return;
    const cues = review.plan.cues.map((c) => (c.id === cueId ? { ...c, ...patch, source: 'user' as const } : c));
    this.set({ plan: { ...review, plan: { ...review.plan, cues } } });
  }

  /** Opens a plan for review (a finished plan job, or a plan.json the editor loaded). */
  openPlan(review: PlanReviewState): void {
    this.set({ plan: review });
  }

  closePlan(): void {
    this.set({ plan: null });
  }

  /** Renders the edited plan for the reviewed clip. */
  async renderPlan(): Promise<void> {
    const review = this.snapshot.plan;
    if (!review) return;
    await this.submitClipJob(review.clip, review, { plan: review.plan });
  }

  /** Re-renders one cue with a new take (a different per-cue seed), keeping the rest of the plan. */
  async regenerateCue(cueId: string): Promise<void> {
    const review = this.snapshot.plan;
    if (!review) return;
    const cues = review.plan.cues.map((c) => (c.id === cueId ? { ...c, seed: (c.seed ?? 0) + 1 } : c));
    const plan = { ...review.plan, cues };
    this.set({ plan: { ...review, plan } });
    await this.submitClipJob(review.clip, review, { plan, onlyCues: [cueId] }, `Regenerate ${cueId}`);
  }

  // ---- results ----

  /** Places a finished job's results on the preset's target track as one undoable step. */
  async insertResults(jobId: string): Promise<PlacementReport | null> {
    const job = this.snapshot.jobs.find((j) => j.jobId === jobId);
    if (!job) return null;
    const items = job.items.filter((i) => i.status === 'done' && i.result?.files && !i.placed);
    if (items.length === 0) return null;
    const preset = this.presetNamed(job.presetName);
    try {
      const report = await this.host.placeResults({
        items: items.map((i) => ({
          key: i.itemId,
          filePath: i.result?.files?.mix ?? '',
          timelineStartSec: i.timelineStartSec,
          durationSec: i.durationSec,
        })),
        trackName: preset?.targetTrack ?? 'Foley',
        undoLabel: job.batch === 'markers' ? `Place Foley for ${items.length} markers` : `Place Foley: ${job.label}`,
      });
      const placedKeys = new Set(report.placed.map((p) => p.key));
      this.updateJob(jobId, (j) => ({
        ...j,
        items: j.items.map((i) => (placedKeys.has(i.itemId) ? { ...i, placed: true } : i)),
        placement: {
          placed: report.placed.length,
          failed: report.failed.map((f) => ({ key: f.key, reason: f.reason })),
          trackIndex: report.trackIndex,
          createdTrack: report.createdTrack,
        },
      }));
      await this.refreshHost();
      return report;
    } catch (error) {
      this.set({ lastError: errorOf(error) });
      return null;
    }
  }

  async cancelJob(jobId: string): Promise<void> {
    try {
      await this.bridge.request('cancel', { jobId });
    } catch (error) {
      this.set({ lastError: errorOf(error) });
    }
  }

  // ---- marker batches ----

  setMarkerFilter(filter: Partial<MarkerFilter>): void {
    this.set({ markerFilter: { ...this.snapshot.markerFilter, ...filter } });
  }

  /** One job with one item per filtered marker; each item finishes on its own. */
  async generateMarkers(options: GenerateOptions): Promise<void> {
    await this.refreshHost();
    const markers = filterMarkers(this.snapshot.markers, this.snapshot.markerFilter);
    if (markers.length === 0) {
      this.set({ lastError: { code: 'NO_MARKERS', message: 'No marker matches the filter: check the colour and the prefix.' } });
      return;
    }
    const items: JobItemInput[] = [];
    const views: ItemView[] = [];
    for (const [index, marker] of markers.entries()) {
      const itemId = `m${String(index + 1).padStart(3, '0')}`;
      const text = markerText(marker, this.snapshot.markerFilter.prefix) ?? '';
      // a marker without a duration gets a short window, cut at the next marker so the batch's results
      // never overwrite each other on the Foley track
      const nextStart = markers[index + 1]?.startSec;
      const gapSec = nextStart === undefined ? Infinity : nextStart - marker.startSec;
      const windowSec = marker.durationSec > 0 ? marker.durationSec : Math.max(MIN_MARKER_WINDOW_SEC, Math.min(MARKER_WINDOW_SEC, gapSec));
      const clip = await this.host.getClipAt(marker.startSec);
      const prompt = [options.prompt, text].filter((t) => t.trim()).join('. ');
      const common = { itemId, label: text || marker.name || `Marker ${index + 1}`, prompt, seed: options.seed, variations: options.variations, timelineStartSec: marker.startSec };
      if (clip) {
        const inSec = clip.sourceInSec + (marker.startSec - clip.timelineStartSec);
        const outSec = Math.min(inSec + windowSec, clip.sourceOutSec);
        items.push({ ...common, videoPath: clip.mediaPath, inSec, outSec, markers: [{ t: 0, comment: text, id: marker.id }] });
        views.push(this.newItem(itemId, common.label, marker.startSec, outSec - inSec, marker.id));
      } else {
        items.push({ ...common, videoPath: null, durationSec: windowSec, markers: [{ t: 0, comment: text, id: marker.id }] });
        views.push(this.newItem(itemId, common.label, marker.startSec, windowSec, marker.id));
      }
    }
    try {
      const { job } = await this.bridge.request('generate', {
        projectId: this.snapshot.projectId ?? undefined,
        presetName: options.presetName,
        batch: 'markers',
        label: `${markers.length} markers`,
        items,
      });
      this.addJob({
        jobId: job.jobId,
        kind: 'generate',
        batch: 'markers',
        label: `Marker batch (${markers.length})`,
        presetName: job.presetName,
        status: job.status,
        fraction: 0,
        items: views,
      });
      this.set({ markerJobId: job.jobId, lastError: null });
    } catch (error) {
      this.set({ lastError: errorOf(error) });
    }
  }

  /** Re-queues only the failed (or cancelled) markers of the batch. */
  async retryFailed(jobId: string): Promise<void> {
    try {
      const { job, requeued } = await this.bridge.request('jobs.retry', { jobId });
      const again = new Set(requeued);
      this.updateJob(jobId, (j) => ({
        ...j,
        status: job.status,
        error: undefined,
        items: j.items.map((i) => (again.has(i.itemId) ? { ...i, status: 'queued', error: undefined, fraction: 0, stage: undefined } : i)),
      }));
    } catch (error) {
      this.set({ lastError: errorOf(error) });
    }
  }

  clearError(): void {
    this.set({ lastError: null });
  }

  // ---- internals ----

  private readonly pendingPlans = new Map<string, Omit<PlanReviewState, 'plan' | 'motion' | 'motionRateHz'>>();

  private clipItem(clip: HostClip, options: { prompt: string; seed: number; variations?: number }): JobItemInput {
    return {
      videoPath: clip.mediaPath,
      inSec: clip.sourceInSec,
      outSec: clip.sourceOutSec,
      prompt: options.prompt,
      seed: options.seed,
      variations: options.variations,
      timelineStartSec: clip.timelineStartSec,
      label: clip.name,
    };
  }

  private async submitClipJob(
    clip: HostClip,
    options: { prompt: string; seed: number; variations?: number; presetName: string },
    extra: { plan?: FoleyPlan; onlyCues?: string[] },
    labelPrefix = 'Foley',
  ): Promise<void> {
    try {
      const { job } = await this.bridge.request('generate', {
        projectId: this.snapshot.projectId ?? undefined,
        presetName: options.presetName,
        batch: 'clip',
        label: clip.name,
        items: [{ ...this.clipItem(clip, options), ...extra, itemId: 'clip' }],
      });
      this.addJob({
        jobId: job.jobId,
        kind: 'generate',
        batch: 'clip',
        label: `${labelPrefix}: ${clip.name}`,
        presetName: job.presetName,
        status: job.status,
        fraction: 0,
        items: [this.newItem('clip', clip.name, clip.timelineStartSec, clip.timelineEndSec - clip.timelineStartSec)],
      });
      this.set({ lastError: null });
    } catch (error) {
      this.set({ lastError: errorOf(error) });
    }
  }

  private newItem(itemId: string, label: string, timelineStartSec: number, durationSec: number, markerId?: string): ItemView {
    return { itemId, label, status: 'queued', fraction: 0, timelineStartSec, durationSec, markerId };
  }

  /** events for a job whose `generate` reply has not been handled yet, replayed by addJob */
  private readonly earlyEvents = new Map<string, ServerEvent[]>();

  private applyEvent(event: ServerEvent): void {
    const jobId = event.type === 'job.update' ? event.job.jobId : event.jobId;
    if (!this.snapshot.jobs.some((j) => j.jobId === jobId)) {
      const list = this.earlyEvents.get(jobId) ?? [];
      list.push(event);
      this.earlyEvents.set(jobId, list.slice(-200));
      return;
    }
    switch (event.type) {
      case 'job.progress':
        this.updateJob(event.jobId, (j) => ({
          ...j,
          status: 'running',
          stage: event.stage,
          fraction: event.fraction,
          items: j.items.map((i) =>
            i.itemId === event.itemId ? { ...i, status: 'running', stage: event.stage, fraction: event.itemFraction } : i,
          ),
        }));
        return;
      case 'job.update':
        this.updateJob(event.job.jobId, (j) => ({ ...j, status: event.job.status }));
        return;
      case 'job.item.done':
        this.updateJob(event.jobId, (j) => ({
          ...j,
          items: j.items.map((i) => (i.itemId === event.itemId ? { ...i, status: 'done', fraction: 1, result: event.result, error: undefined } : i)),
        }));
        this.maybeOpenPlan(event.jobId, event.result);
        return;
      case 'job.item.failed':
        this.updateJob(event.jobId, (j) => ({
          ...j,
          items: j.items.map((i) => (i.itemId === event.itemId ? { ...i, status: 'failed', error: { code: event.code, message: event.message } } : i)),
        }));
        return;
      case 'job.done':
        this.finishJob(event.jobId, 'done', event.items, undefined);
        return;
      case 'job.failed':
        this.finishJob(event.jobId, 'failed', event.items, { code: event.code, message: event.message });
        return;
    }
  }

  private finishJob(jobId: string, status: ItemStatus, details: ItemDetail[], error: ErrorInfo | undefined): void {
    const byId = new Map(details.map((d) => [d.itemId, d]));
    this.updateJob(jobId, (j) => ({
      ...j,
      status,
      fraction: 1,
      error,
      items: j.items.map((i) => {
        const d = byId.get(i.itemId);
        if (!d) return i;
        return { ...i, status: d.status, result: d.result ?? i.result, error: d.error ?? (d.status === 'done' ? undefined : i.error), fraction: d.status === 'done' ? 1 : i.fraction };
      }),
    }));
    const job = this.snapshot.jobs.find((j) => j.jobId === jobId);
    if (!job) return;
    for (const item of job.items) if (item.result) this.maybeOpenPlan(jobId, item.result);
    if (job.kind === 'generate' && this.presetNamed(job.presetName)?.autoInsert) void this.insertResults(jobId);
  }

  private maybeOpenPlan(jobId: string, result: ItemResult): void {
    const pending = this.pendingPlans.get(jobId);
    if (!pending) return;
    this.pendingPlans.delete(jobId);
    const analysis = result.analysis ?? {};
    const motion = Array.isArray(analysis['motion']) ? (analysis['motion'] as unknown[]).filter((v): v is number => typeof v === 'number') : [];
    const rate = typeof analysis['motionRateHz'] === 'number' ? analysis['motionRateHz'] : 0;
    this.set({ plan: { ...pending, plan: result.plan, motion, motionRateHz: rate, notices: result.notices ?? [] } });
  }

  private addJob(job: JobView): void {
    this.set({ jobs: [job, ...this.snapshot.jobs.filter((j) => j.jobId !== job.jobId)] });
    const early = this.earlyEvents.get(job.jobId);
    this.earlyEvents.delete(job.jobId);
    for (const event of early ?? []) this.applyEvent(event);
  }

  private updateJob(jobId: string, update: (job: JobView) => JobView): void {
    if (!this.snapshot.jobs.some((j) => j.jobId === jobId)) return;
    this.set({ jobs: this.snapshot.jobs.map((j) => (j.jobId === jobId ? update(j) : j)) });
  }

  private requireProject(): string | null {
    if (!this.snapshot.projectId) {
      this.set({ presetError: { code: 'HOST_NO_PROJECT', message: 'No project is open: presets are stored per project.' } });
      return null;
    }
    return this.snapshot.projectId;
  }

  private set(patch: Partial<PanelState>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

export type { BridgeErrorInfo };
