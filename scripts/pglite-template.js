// Part of the build (`npm run build`, and ensureBuild in scripts/build-stamp.js): makes the PGlite
// data directory that src/lib/server/db/client.ts copies into an empty DATA_DIR on first start
// instead of running initdb and every migration there: build/pglite-template, initdb plus the
// migrations of drizzle/ at build time, shut down cleanly, stamped with the PGlite version that
// made it (another version's template is ignored). Migrations added later apply on open as usual.
// pg-boss's schema (src/lib/server/jobs/queue.ts) is in it too: creating it costs ≈ 1 s of CPU on
// PGlite. The demo is not: it is loaded at start, with that day's dates.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { COMPILE_CACHE, nodeFlags, serverEnv } from './runtime.js';
import { openDatabase, pgliteTemplateDir, pgliteVersion, PGLITE_TEMPLATE_STAMP } from '../src/lib/server/db/client.ts';

const target = pgliteTemplateDir();
const started = performance.now();
fs.rmSync(target, { recursive: true, force: true });
const work = `${target}.tmp`;
fs.rmSync(work, { recursive: true, force: true });
const database = await openDatabase({ dataDir: work });
const { PgBoss } = await import('pg-boss');
const boss = new PgBoss({ db: { executeSql: database.executeSql }, supervise: false, schedule: false });
await boss.start();
await boss.stop({ graceful: false });
await database.close();
fs.renameSync(work, target);
const migrations = fs.readdirSync(path.resolve(process.env.MIGRATIONS_DIR || 'drizzle')).filter((f) => f.endsWith('.sql')).length;
fs.writeFileSync(path.join(target, PGLITE_TEMPLATE_STAMP), JSON.stringify({ pglite: pgliteVersion(), migrations, made: new Date().toISOString() }) + '\n');
console.log(`PGlite template for first starts: ${path.relative(process.cwd(), target)} (${migrations} migrations, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
// The compile cache (scripts/runtime.js): the app's modules loaded once, with the server's flags.
fs.rmSync(COMPILE_CACHE, { recursive: true, force: true });
const warm = spawnSync(process.execPath, [...nodeFlags(), '--input-type=module', '-e', "await import('./build/server/chunks/app.js')"], { env: serverEnv(), stdio: 'inherit' });
if (warm.status !== 0) console.warn('The compile cache was not made; the server starts without it.');
