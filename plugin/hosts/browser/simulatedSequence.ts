/**
 * A simulated editing host for development and end-to-end tests: one sequence with video clips, markers,
 * audio tracks, a project bin and an undo stack, all counted in integer frames at an exact rate (like
 * DaVinci Resolve), so the browser adapter exercises the same frame <-> seconds edge a real host needs.
 * Scenes are plain JSON (validated with zod) so a test can load one through the URL or `page.evaluate`.
 */
import { z } from 'zod';

export const SceneSchema = z.object({
  projectId: z.string().min(1).default('browser-project'),
  sequence: z
    .object({
      id: z.string().min(1).default('seq-1'),
      name: z.string().min(1).default('Sequence 01'),
      fps: z.object({ num: z.number().int().positive(), den: z.number().int().positive() }).default({ num: 25, den: 1 }),
    })
    .prefault({}),
  clips: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        mediaPath: z.string().min(1),
        /** source in point, frames from the media's start */
        sourceInFrame: z.number().int().min(0).default(0),
        startFrame: z.number().int().min(0),
        durationFrames: z.number().int().positive(),
        videoTrack: z.number().int().min(0).default(0),
      }),
    )
    .default([]),
  markers: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().default(''),
        comments: z.string().default(''),
        startFrame: z.number().int().min(0),
        durationFrames: z.number().int().min(0).default(0),
        colorIndex: z.number().int().min(0).max(7).default(0),
      }),
    )
    .default([]),
  audioTracks: z.array(z.object({ name: z.string().min(1) })).default([{ name: 'Audio 1' }, { name: 'Audio 2' }]),
});
export type Scene = z.infer<typeof SceneSchema>;
export type SceneInput = z.input<typeof SceneSchema>;
export type SimClip = Scene['clips'][number];
export type SimMarker = Scene['markers'][number];

export interface SimAudioItem {
  id: string;
  filePath: string;
  startFrame: number;
  durationFrames: number;
}

export interface SimAudioTrack {
  name: string;
  items: SimAudioItem[];
}

interface Snapshot {
  label: string;
  audioTracks: SimAudioTrack[];
}

export class SimulatedSequence {
  scene: Scene;
  audioTracks: SimAudioTrack[];
  /** file paths imported into the project's bins, by bin name */
  readonly bins = new Map<string, string[]>();
  selection = new Set<string>();
  readonly undoStack: Snapshot[] = [];
  private readonly listeners = new Set<() => void>();
  private nextItem = 1;
  private version = 0;

  constructor(scene: SceneInput = {}) {
    this.scene = SceneSchema.parse(scene);
    this.audioTracks = this.scene.audioTracks.map((t) => ({ name: t.name, items: [] }));
  }

  /** Replaces the whole scene (tests and the URL loader call this). */
  load(scene: SceneInput): void {
    this.scene = SceneSchema.parse(scene);
    this.audioTracks = this.scene.audioTracks.map((t) => ({ name: t.name, items: [] }));
    this.bins.clear();
    this.selection = new Set();
    this.undoStack.length = 0;
    this.changed();
  }

  /** Monotonic change counter, for React's useSyncExternalStore. */
  get revision(): number {
    return this.version;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  select(clipIds: readonly string[]): void {
    this.selection = new Set(clipIds.filter((id) => this.scene.clips.some((c) => c.id === id)));
    this.changed();
  }

  toggleSelect(clipId: string, additive: boolean): void {
    const next = additive ? new Set(this.selection) : new Set<string>();
    if (this.selection.has(clipId) && additive) next.delete(clipId);
    else next.add(clipId);
    this.select([...next]);
  }

  importFile(binName: string, filePath: string): void {
    const bin = this.bins.get(binName) ?? [];
    if (!bin.includes(filePath)) bin.push(filePath);
    this.bins.set(binName, bin);
  }

  /** Runs `edit` as one undoable step: one snapshot of the audio tracks before it. */
  transaction(label: string, edit: () => void): void {
    this.undoStack.push({ label, audioTracks: cloneTracks(this.audioTracks) });
    edit();
    this.changed();
  }

  undo(): string | null {
    const snapshot = this.undoStack.pop();
    if (!snapshot) return null;
    this.audioTracks = snapshot.audioTracks;
    this.changed();
    return snapshot.label;
  }

  addAudioTrack(name: string): number {
    this.audioTracks.push({ name, items: [] });
    return this.audioTracks.length - 1;
  }

  /** Overwrite edit: whatever overlaps the new item on that track is trimmed away; nothing ripples. */
  overwrite(trackIndex: number, filePath: string, startFrame: number, durationFrames: number): void {
    const track = this.audioTracks[trackIndex];
    if (!track) throw new RangeError(`no audio track ${trackIndex}`);
    const endFrame = startFrame + durationFrames;
    const kept: SimAudioItem[] = [];
    for (const item of track.items) {
      const itemEnd = item.startFrame + item.durationFrames;
      if (itemEnd <= startFrame || item.startFrame >= endFrame) kept.push(item);
      else {
        if (item.startFrame < startFrame) kept.push({ ...item, durationFrames: startFrame - item.startFrame });
        if (itemEnd > endFrame) kept.push({ ...item, id: `${item.id}b`, startFrame: endFrame, durationFrames: itemEnd - endFrame });
      }
    }
    kept.push({ id: `a${this.nextItem++}`, filePath, startFrame, durationFrames });
    track.items = kept.sort((a, b) => a.startFrame - b.startFrame);
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

function cloneTracks(tracks: readonly SimAudioTrack[]): SimAudioTrack[] {
  return tracks.map((t) => ({ name: t.name, items: t.items.map((i) => ({ ...i })) }));
}
