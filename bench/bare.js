// The yardstick of bench/run.js: a bare Node.js HTTP server sending fixed bytes per path (the
// same bytes and headers the app sent), nothing else. `node bench/bare.js <pages.json> <port>`.
import fs from 'node:fs';
import http from 'node:http';

const [file, port] = process.argv.slice(2);
const pages = new Map(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8'))).map(([path, p]) => [path, { headers: p.headers, body: Buffer.from(p.body, 'base64') }]));
http
	.createServer((req, res) => {
		const page = pages.get(req.url);
		if (!page) {
			res.writeHead(404);
			res.end();
			return;
		}
		res.writeHead(200, { ...page.headers, 'content-length': page.body.length });
		res.end(page.body);
	})
	.listen(Number(port), '127.0.0.1', () => console.log('ready'));
