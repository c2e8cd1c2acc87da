// `npm start`: build when the build is missing or older than the sources, then serve.
// Runs under the Node.js pinned by the `node` dependency (npm puts node_modules/.bin first on PATH).
// The server runs as a child process, started with the memory settings of scripts/runtime.js
// (they must be there before a process starts); its output is this process's output, and signals
// are passed on. The child ends itself when this process goes away (scripts/parent-watch.js).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './build-stamp.js';
import { nodeFlags, serverEnv } from './runtime.js';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
	console.error(`Node.js ${process.versions.node} is too old: run this through npm (npm start), which uses the pinned Node.js 24.`);
	process.exit(1);
}

ensureBuild();

const watch = new URL('./parent-watch.js', import.meta.url).href;
const server = spawn(process.execPath, [...nodeFlags(), '--import', watch, fileURLToPath(new URL('./server.js', import.meta.url))], {
	env: serverEnv(),
	stdio: ['inherit', 'inherit', 'inherit', 'ipc']
});
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
