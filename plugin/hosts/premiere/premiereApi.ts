/**
 * The slice of the `premierepro` UXP module the adapter uses, typed by the official `@adobe/premierepro`
 * declarations. The adapter receives it as a value (the panel passes `require('premierepro')`; unit tests
 * pass a fake implementing exactly these official types), so any misuse of the API fails to compile.
 */
import type { premierepro } from '@adobe/premierepro';

export type PremiereApi = Pick<
  premierepro,
  'Project' | 'SequenceEditor' | 'TickTime' | 'ClipProjectItem' | 'FolderItem' | 'ProjectItem' | 'Markers' | 'EventManager'
> & {
  Constants: Pick<premierepro['Constants'], 'TrackItemType' | 'SequenceEvent'>;
};

/** Loads the host module; only the UXP entry point calls this (it does not exist outside Premiere). */
export function loadPremiereApi(): PremiereApi {
  // the runtime module id is `premierepro` (README of @adobe/premierepro); webpack leaves it external
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('premierepro') as premierepro;
}
