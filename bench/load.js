// A small closed-loop HTTP load generator, used by bench/run.js when wrk is not installed:
// `node bench/load.js <url> <connections> <seconds> [header: value]…` prints
// {"rps":…,"p50":…,"p99":…,"errors":…} (latencies in ms). Runs in its own process, so that it
// does not share an event loop with what it measures.
import http from 'node:http';

const [url, connections = '50', seconds = '5', ...headerArgs] = process.argv.slice(2);
const headers = Object.fromEntries(headerArgs.map((h) => [h.slice(0, h.indexOf(':')).trim(), h.slice(h.indexOf(':') + 1).trim()]));
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const target = new URL(url);
const latencies = [];
let errors = 0;
const until = performance.now() + Number(seconds) * 1000;

function once() {
	return new Promise((resolve) => {
		const started = performance.now();
		const req = http.get({ host: target.hostname, port: target.port, path: target.pathname + target.search, agent, headers }, (res) => {
			res.on('data', () => {});
			res.on('end', () => {
				if (res.statusCode >= 400) errors++;
				latencies.push(performance.now() - started);
				resolve();
			});
		});
		req.on('error', () => {
			errors++;
			resolve();
		});
	});
}

const started = performance.now();
await Promise.all(
	Array.from({ length: Number(connections) }, async () => {
		while (performance.now() < until) await once();
	})
);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
console.log(JSON.stringify({ rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors }));
agent.destroy();
