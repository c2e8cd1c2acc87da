// A build is current when build/.source-hash equals the hash of everything the build reads.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const INPUTS = ['src', 'static', 'messages', 'project.inlang/settings.json', 'vite.config.ts', 'package-lock.json', 'tsconfig.json'];
const STAMP = 'build/.source-hash';

function* files(entry) {
	if (!fs.existsSync(entry)) return;
	const stat = fs.statSync(entry);
	if (stat.isFile()) {
		yield entry;
		return;
	}
	for (const name of fs.readdirSync(entry).sort()) {
		const child = path.join(entry, name);
		if (child === path.join('src', 'lib', 'paraglide')) continue; // generated
		yield* files(child);
	}
}

export function sourceHash() {
	const hash = createHash('sha256');
	for (const input of INPUTS) {
		for (const file of files(input)) {
			hash.update(file);
			hash.update(fs.readFileSync(file));
		}
	}
	return hash.digest('hex');
}

export function buildIsCurrent() {
	return fs.existsSync('build/index.js') && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === sourceHash();
}

export function writeBuildStamp() {
	fs.writeFileSync(STAMP, sourceHash());
}

/** Builds (vite build) when the build is missing or older than the sources; exits on failure. */
export function ensureBuild() {
	if (buildIsCurrent()) return;
	console.log('Building the application (first start or changed sources)…');
	const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
	// The PGlite data directory a first start copies instead of running initdb (scripts/pglite-template.js).
	const template = spawnSync(process.execPath, ['scripts/pglite-template.js'], { stdio: 'inherit' });
	if (template.status !== 0) process.exit(template.status ?? 1);
	writeBuildStamp();
}
