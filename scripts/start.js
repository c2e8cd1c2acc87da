// `npm start`: build when the build is missing or older than the sources, then serve.
// Runs under the Node.js pinned by the `node` dependency (npm puts node_modules/.bin first on PATH).
import { ensureBuild } from './build-stamp.js';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
	console.error(`Node.js ${process.versions.node} is too old: run this through npm (npm start), which uses the pinned Node.js 24.`);
	process.exit(1);
}

ensureBuild();

await import('./server.js');
