/**
 * An in-memory Premiere Pro for the adapter's unit tests, typed by the official `@adobe/premierepro`
 * declarations: every member the fake implements is checked against the official signature (`fakeOf<T>`
 * takes a `Partial<T>`), and the fake module itself is a `PremiereApi` (a Pick of the official module
 * type), so an adapter that misuses the API fails to compile. Members the adapter never calls throw.
 *
 * It models the behaviours the adapter must cope with (host-apis.md): actions may only be created inside
 * `lockedAccess` (26.3), `addAction` only inside `executeTransaction`, one transaction = one undo entry,
 * `importFiles` returns only a boolean, overwrite to a missing track silently does nothing (P5), insert
 * past the last track creates a track (§1.6), tick strings, and linked A/V items selected twice.
 */
import { existsSync } from 'node:fs';
import type {
  Action,
  AudioClipTrackItem,
  AudioTrack,
  ClipProjectItem,
  CompoundAction,
  FolderItem,
  FrameRate,
  Guid,
  Marker,
  Markers,
  Project,
  ProjectItem,
  Sequence,
  SequenceEditor,
  SequenceSettings,
  TickTime,
  TrackItemSelection,
  VideoClipTrackItem,
  VideoTrack,
} from '@adobe/premierepro';
import type { PremiereApi } from '../../../plugin/hosts/premiere/premiereApi';

const TICKS_PER_SECOND = 254016000000n;

/** A value of an official type, from the members the fake implements; any other member throws when used. */
function fakeOf<T extends object>(impl: Partial<T>, what: string): T {
  return new Proxy(impl, {
    get(target, key, receiver) {
      if (key in target || typeof key === 'symbol' || key === 'then') return Reflect.get(target, key, receiver);
      throw new Error(`fake ${what}.${String(key)} is not implemented`);
    },
    has(target, key) {
      return key in target;
    },
  }) as T;
}

export function tickTime(ticks: bigint | string): TickTime {
  const t = BigInt(ticks);
  return fakeOf<TickTime>(
    {
      ticks: t.toString(),
      ticksNumber: Number(t),
      seconds: Number(t) / Number(TICKS_PER_SECOND),
      equals: (other: TickTime) => BigInt(other.ticks) === t,
      add: (other: TickTime) => tickTime(t + BigInt(other.ticks)),
      subtract: (other: TickTime) => tickTime(t - BigInt(other.ticks)),
    },
    'TickTime',
  );
}

function guid(value: string): Guid {
  return fakeOf<Guid>({ toString: () => value }, 'Guid');
}

interface ClipNode {
  id: string;
  name: string;
  mediaPath: string;
  isSequence: boolean;
  durationTicks: bigint;
}

interface PlacedItemState {
  node: ClipNode;
  startTicks: bigint;
  endTicks: bigint;
  inTicks: bigint;
}

export interface FakeClipSpec {
  name: string;
  mediaPath: string;
  startFrame: number;
  durationFrames: number;
  inFrame: number;
  videoTrack: number;
  /** also put a linked audio item on audio track 0 */
  linkedAudio?: boolean;
  selected?: boolean;
}

export interface FakeMarkerSpec {
  name: string;
  comments: string;
  startFrame: number;
  colorIndex: number;
}

export interface FakeOptions {
  ticksPerFrame: bigint;
  clips: FakeClipSpec[];
  markers: FakeMarkerSpec[];
  audioTracks: string[];
  /** simulate a host older than 26.2: no SequenceSettings.getVideoFrameRate */
  legacyTimebase?: boolean;
  /** simulate P5: overwrite actions report success but place nothing */
  overwriteIsNoop?: boolean;
}

export class FakePremiere {
  readonly undoStack: Array<{ label: string; audio: Array<{ name: string; items: PlacedItemState[] }> }> = [];
  readonly importedPaths: string[] = [];
  audio: Array<{ name: string; items: PlacedItemState[] }>;
  readonly video: PlacedItemState[][] = [];
  private locked = false;
  private inTransaction = false;
  private nextId = 1;
  private readonly nodes = new Map<string, ClipNode>();
  private readonly rootChildren: Array<{ kind: 'bin'; name: string; children: ClipNode[] } | { kind: 'clip'; node: ClipNode }> = [];
  private readonly selection: Array<VideoClipTrackItem | AudioClipTrackItem> = [];
  readonly api: PremiereApi;

  constructor(private readonly options: FakeOptions) {
    this.audio = options.audioTracks.map((name) => ({ name, items: [] }));
    const tpf = options.ticksPerFrame;
    for (const spec of options.clips) {
      const node = this.newNode(spec.name, spec.mediaPath, BigInt(spec.durationFrames + spec.inFrame) * tpf);
      const state: PlacedItemState = {
        node,
        startTicks: BigInt(spec.startFrame) * tpf,
        endTicks: BigInt(spec.startFrame + spec.durationFrames) * tpf,
        inTicks: BigInt(spec.inFrame) * tpf,
      };
      while (this.video.length <= spec.videoTrack) this.video.push([]);
      this.video[spec.videoTrack]?.push(state);
      if (spec.selected) this.selection.push(this.videoTrackItem(state, spec.videoTrack));
      if (spec.linkedAudio) {
        const audioState = { ...state };
        this.audio[0]?.items.push(audioState);
        if (spec.selected) this.selection.push(this.audioTrackItem(audioState, 0));
      }
    }
    this.api = this.buildApi();
  }

  /** Undo the last transaction (what Edit > Undo does). */
  undo(): string | undefined {
    const entry = this.undoStack.pop();
    if (!entry) return undefined;
    this.audio = entry.audio;
    return entry.label;
  }

  private newNode(name: string, mediaPath: string, durationTicks: bigint): ClipNode {
    const node = { id: `pi-${this.nextId++}`, name, mediaPath, isSequence: false, durationTicks };
    this.nodes.set(node.id, node);
    return node;
  }

  private requireLock(what: string): void {
    // Premiere 26.3 enforces action creation inside lockedAccess (host-apis.md §1.8)
    if (!this.locked && !this.inTransaction) throw new Error(`${what}: actions must be created inside lockedAccess`);
  }

  private action(apply: () => void): Action {
    return { apply } as Action;
  }

  private projectItem(node: ClipNode): ProjectItem {
    return fakeOf<ProjectItem>({ name: node.name, type: 1, getId: () => node.id }, 'ProjectItem');
  }

  private binItem(bin: { name: string; children: ClipNode[] }): ProjectItem {
    return fakeOf<ProjectItem>({ name: bin.name, type: 2, getId: () => `bin:${bin.name}` }, 'ProjectItem(bin)');
  }

  private clipProjectItem(node: ClipNode): ClipProjectItem {
    return fakeOf<ClipProjectItem>(
      {
        name: node.name,
        type: 1,
        isSequence: async () => node.isSequence,
        getMediaFilePath: async () => node.mediaPath,
      },
      'ClipProjectItem',
    );
  }

  private nodeOf(item: ProjectItem): ClipNode | undefined {
    return this.nodes.get(item.getId());
  }

  private trackItemBase(state: PlacedItemState, trackIndex: number) {
    return {
      getName: async () => state.node.name,
      getType: async () => 1,
      getStartTime: async () => tickTime(state.startTicks),
      getEndTime: async () => tickTime(state.endTicks),
      getInPoint: async () => tickTime(state.inTicks),
      getOutPoint: async () => tickTime(state.inTicks + state.endTicks - state.startTicks),
      getTrackIndex: async () => trackIndex,
      getProjectItem: async () => this.projectItem(state.node),
    };
  }

  private videoTrackItem(state: PlacedItemState, trackIndex: number): VideoClipTrackItem {
    return fakeOf<VideoClipTrackItem>(
      { ...this.trackItemBase(state, trackIndex), createAddVideoTransitionAction: () => this.action(() => undefined) },
      'VideoClipTrackItem',
    );
  }

  private audioTrackItem(state: PlacedItemState, trackIndex: number): AudioClipTrackItem {
    return fakeOf<AudioClipTrackItem>(this.trackItemBase(state, trackIndex), 'AudioClipTrackItem');
  }

  private placeOnAudio(node: ClipNode, startTicks: bigint, trackIndex: number, ripple: boolean): void {
    const track = this.audio[trackIndex];
    if (!track) return;
    const endTicks = startTicks + node.durationTicks;
    if (ripple) {
      for (const item of track.items) {
        if (item.startTicks >= startTicks) {
          item.startTicks += node.durationTicks;
          item.endTicks += node.durationTicks;
        }
      }
    } else {
      track.items = track.items.filter((i) => i.endTicks <= startTicks || i.startTicks >= endTicks);
    }
    track.items.push({ node, startTicks, endTicks, inTicks: 0n });
  }

  private buildApi(): PremiereApi {
    const self = this;
    const options = this.options;
    const frameRate = fakeOf<FrameRate>({ ticksPerFrame: Number(options.ticksPerFrame), value: Number(TICKS_PER_SECOND) / Number(options.ticksPerFrame) }, 'FrameRate');
    const settings = fakeOf<SequenceSettings>(options.legacyTimebase ? {} : { getVideoFrameRate: () => frameRate }, 'SequenceSettings');
    const markers = options.markers.map((m, i) =>
      fakeOf<Marker>(
        {
          guid: guid(`marker-${i + 1}`),
          getName: () => m.name,
          getComments: () => m.comments,
          getStart: () => tickTime(BigInt(m.startFrame) * options.ticksPerFrame),
          getDuration: () => tickTime(0n),
          getColorIndex: () => m.colorIndex,
          getType: () => 'Comment',
        },
        'Marker',
      ),
    );
    const audioTrack = (index: number): AudioTrack =>
      fakeOf<AudioTrack>(
        {
          name: self.audio[index]?.name ?? '',
          id: index,
          getIndex: async () => index,
          getTrackItems: () => (self.audio[index]?.items ?? []).map((s) => self.audioTrackItem(s, index)),
        },
        'AudioTrack',
      );
    const videoTrack = (index: number): VideoTrack =>
      fakeOf<VideoTrack>(
        { name: `V${index + 1}`, id: index, getTrackItems: () => (self.video[index] ?? []).map((s) => self.videoTrackItem(s, index)) },
        'VideoTrack',
      );
    const selection = fakeOf<TrackItemSelection>({ getTrackItems: async () => [...self.selection] }, 'TrackItemSelection');
    const sequence = fakeOf<Sequence>(
      {
        guid: guid('seq-guid-1'),
        name: 'Sequence 01',
        getSettings: async () => settings,
        getTimebase: async () => options.ticksPerFrame.toString(),
        getSelection: async () => selection,
        getAudioTrackCount: async () => self.audio.length,
        getAudioTrack: async (i: number) => audioTrack(i),
        getVideoTrackCount: async () => self.video.length,
        getVideoTrack: async (i: number) => videoTrack(i),
      },
      'Sequence',
    );
    const markersObject = fakeOf<Markers>({ getMarkers: () => markers }, 'Markers');
    const editor = fakeOf<SequenceEditor>(
      {
        createOverwriteItemAction: (item: ProjectItem, time: TickTime, _video: number, audioIndex: number) => {
          self.requireLock('createOverwriteItemAction');
          const node = self.nodeOf(item);
          return self.action(() => {
            // P5: an overwrite to a track that does not exist (or a host quirk) places nothing, silently
            if (node && !options.overwriteIsNoop) self.placeOnAudio(node, BigInt(time.ticks), audioIndex, false);
          });
        },
        createInsertProjectItemAction: (item: ProjectItem, time: TickTime, _video: number, audioIndex: number, limitShift: boolean) => {
          self.requireLock('createInsertProjectItemAction');
          const node = self.nodeOf(item);
          return self.action(() => {
            if (audioIndex >= self.audio.length) self.audio.push({ name: `Audio ${self.audio.length + 1}`, items: [] });
            // insert ripples the target track (limitShift keeps the other tracks still, which this fake never moves)
            void limitShift;
            if (node) self.placeOnAudio(node, BigInt(time.ticks), audioIndex, true);
          });
        },
      },
      'SequenceEditor',
    );
    const root = fakeOf<FolderItem>(
      {
        name: 'root',
        type: 3,
        getItems: async () =>
          self.rootChildren.map((c) => (c.kind === 'bin' ? self.binItem(c) : self.projectItem(c.node))),
        createBinAction: (name: string) => {
          self.requireLock('createBinAction');
          return self.action(() => self.rootChildren.push({ kind: 'bin', name, children: [] }));
        },
      },
      'FolderItem(root)',
    );
    const binOf = (item: ProjectItem) => self.rootChildren.find((c) => c.kind === 'bin' && `bin:${c.name}` === item.getId());
    const project = fakeOf<Project>(
      {
        guid: guid('project-guid-1'),
        name: 'Test project',
        path: '/projects/test.prproj',
        getActiveSequence: async () => sequence,
        getRootItem: async () => root,
        importFiles: async (paths: string[], _suppressUI?: boolean, targetBin?: ProjectItem) => {
          const bin = targetBin ? binOf(targetBin) : undefined;
          for (const path of paths) {
            if (!existsSync(path)) continue;
            self.importedPaths.push(path);
            const node = self.newNode(path.split('/').pop() ?? path, path, 2n * TICKS_PER_SECOND);
            if (bin && bin.kind === 'bin') bin.children.push(node);
            else self.rootChildren.push({ kind: 'clip', node });
          }
          return true; // like the host: true even when nothing was imported (P1)
        },
        lockedAccess: (callback: () => void) => {
          self.locked = true;
          try {
            callback();
          } finally {
            self.locked = false;
          }
        },
        executeTransaction: (callback: (compound: CompoundAction) => void, undoString?: string) => {
          const actions: Action[] = [];
          const compound = fakeOf<CompoundAction>(
            {
              addAction: (a: Action) => {
                if (!self.inTransaction) throw new Error('addAction outside executeTransaction');
                actions.push(a);
                return true;
              },
              get empty() {
                return actions.length === 0;
              },
            },
            'CompoundAction',
          );
          const before = self.audio.map((t) => ({ name: t.name, items: t.items.map((i) => ({ ...i })) }));
          self.inTransaction = true;
          try {
            callback(compound);
          } finally {
            self.inTransaction = false;
          }
          for (const a of actions) (a as { apply: () => void }).apply();
          self.undoStack.push({ label: undoString ?? 'Edit', audio: before });
          return true;
        },
      },
      'Project',
    );
    const clipCast = (item: ProjectItem): ClipProjectItem => {
      const node = self.nodeOf(item);
      if (!node) throw new Error('ClipProjectItem.cast: not a clip');
      return self.clipProjectItem(node);
    };
    const folderCast = (item: ProjectItem): FolderItem => {
      const bin = binOf(item);
      if (!bin || bin.kind !== 'bin') throw new Error('FolderItem.cast: not a bin');
      return fakeOf<FolderItem>({ name: bin.name, getItems: async () => bin.children.map((n) => self.projectItem(n)) }, 'FolderItem');
    };
    const listeners = new Set<(event?: object) => void>();
    const api: PremiereApi = {
      Project: fakeOf<PremiereApi['Project']>({ getActiveProject: async () => project }, 'Project(static)'),
      SequenceEditor: fakeOf<PremiereApi['SequenceEditor']>({ getEditor: () => editor }, 'SequenceEditor(static)'),
      TickTime: fakeOf<PremiereApi['TickTime']>({ createWithTicks: (ticks: string) => tickTime(ticks) }, 'TickTime(static)'),
      ClipProjectItem: { cast: clipCast },
      FolderItem: { cast: folderCast },
      ProjectItem: fakeOf<PremiereApi['ProjectItem']>({ TYPE_CLIP: 1, TYPE_BIN: 2, TYPE_ROOT: 3, TYPE_FILE: 4 }, 'ProjectItem(static)'),
      Markers: { getMarkers: async () => markersObject },
      EventManager: fakeOf<PremiereApi['EventManager']>(
        {
          addGlobalEventListener: (_name, handler) => listeners.add(handler),
          removeGlobalEventListener: (_name, handler) => listeners.delete(handler),
        },
        'EventManager',
      ),
      Constants: {
        // the official enums are ambient (declare-only); these are the values their declaration order gives
        TrackItemType: { EMPTY: 0, CLIP: 1, TRANSITION: 2, PREVIEW: 3, FEEDBACK: 4 } as unknown as PremiereApi['Constants']['TrackItemType'],
        SequenceEvent: { ACTIVATED: 0, CLOSED: 1, SELECTION_CHANGED: 2 } as unknown as PremiereApi['Constants']['SequenceEvent'],
      },
    };
    this.fireSelectionChanged = () => listeners.forEach((l) => l({}));
    return api;
  }

  fireSelectionChanged: () => void = () => undefined;
}
