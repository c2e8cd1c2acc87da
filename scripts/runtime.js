// How the server process is started, for `npm start` (scripts/start.js) and the benchmark
// (bench/lib.js) alike: V8 and glibc settings that must be in place before the process starts.
//
// Measured (npm run bench, public pages under load, PGlite; PostgreSQL in brackets): Node 24 lets
// V8's young generation grow to 128 MB (two 64 MB semi-spaces) under the allocation of start-up
// and keeps it resident under load: RSS 458 MB idle, 482 MB under load [295/316 MB]. With 4 MB
// semi-spaces (an 8 MB young generation) 319/335 MB [176/188 MB], the old generation unchanged
// (≈ 60–70 MB live). glibc's per-thread malloc arenas (one per libuv and V8 worker thread, up to
// 8 per core) hold freed memory each; two arenas: 482 → 436 MB alone, 335 → 331 MB with the small
// young generation, no measurable cost in throughput (one run each, noisy machine).
// An operator's own MALLOC_ARENA_MAX, or a semi-space size in NODE_OPTIONS, wins over these.

import { fileURLToPath } from 'node:url';

/** Node.js flags for the server process (a flag on the command line would override NODE_OPTIONS). */
export function nodeFlags(env = process.env) {
	return /--max-semi-space-size/.test(env.NODE_OPTIONS ?? '') ? [] : ['--max-semi-space-size=4'];
}

/**
 * The environment for the server process: these settings under the operator's own. The compile
 * cache (V8 code of every module, kept on disk by Node.js, made by scripts/pglite-template.js at build
 * time) saves ≈ 0.3 s of the ≈ 2 s that loading the modules takes at start.
 */
export function serverEnv(env = process.env) {
	return { MALLOC_ARENA_MAX: '2', NODE_COMPILE_CACHE: COMPILE_CACHE, ...env };
}
export const COMPILE_CACHE = fileURLToPath(new URL('../build/.node-compile-cache', import.meta.url));
