/** Engine version: part of every cache key, so a new engine never serves an old engine's result. */
export const ENGINE_VERSION = '0.1.0';
