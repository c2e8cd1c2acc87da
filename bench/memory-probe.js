// Preloaded into the app by bench/lib.js startApp({ memoryFile }) (`node --import`): appends the
// process's own view of its memory to BENCH_MEMORY_FILE every BENCH_MEMORY_MS (default 5,000 ms),
// one JSON line each (MB): rss, V8 heap used/total, external (PGlite's WASM memory is counted
// here), arrayBuffers. Nothing else of the app changes; without the variable it does nothing.
import fs from 'node:fs';

const file = process.env.BENCH_MEMORY_FILE;
if (file) {
	const mb = (n) => Math.round(n / 1048576);
	const sample = () => {
		const m = process.memoryUsage();
		const line = { at: Date.now(), rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) };
		fs.appendFileSync(file, JSON.stringify(line) + '\n');
	};
	setInterval(sample, Number(process.env.BENCH_MEMORY_MS) || 5000).unref();
}
