// `npm start`: build when the build is missing or older than the sources, then serve.
// Runs under the Node.js pinned by the `node` dependency (npm puts node_modules/.bin first on PATH).
import { spawnSync } from 'node:child_process';
import { buildIsCurrent, writeBuildStamp } from './build-stamp.js';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
	console.error(`Node.js ${process.versions.node} is too old: run this through npm (npm start), which uses the pinned Node.js 24.`);
	process.exit(1);
}

if (!buildIsCurrent()) {
	console.log('Building the application (first start or changed sources)…');
	const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
		stdio: 'inherit'
	});
	if (result.status !== 0) process.exit(result.status ?? 1);
	writeBuildStamp();
}

await import('./server.js');
