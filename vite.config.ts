import { paraglideVitePlugin } from '@inlang/paraglide-js';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { widgetPlugin } from './src/widget/build.ts';

export default defineConfig({
	plugins: [
		// The programme widget's script for other websites, built by esbuild (served at /widget.js).
		widgetPlugin(),
		sveltekit({
			compilerOptions: {
				runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
			},
			adapter: adapter({ precompress: true }),
			// CSRF: SvelteKit compares the Origin header with the request URL. scripts/server.js sets the
			// URL to the public origin's protocol and a host it has checked (src/lib/server/http/origin.js).
			csrf: { trustedOrigins: [] },
			// Pages ship no JavaScript (csr = false); the one stylesheet is small enough to inline.
			inlineStyleThreshold: 16384,
			csp: {
				mode: 'hash',
				directives: {
					'default-src': ['self'],
					'script-src': ['self'],
					'style-src': ['self', 'unsafe-inline'],
					'img-src': ['self', 'data:'],
					'object-src': ['none'],
					'base-uri': ['self'],
					'form-action': ['self'],
					'frame-ancestors': ['none']
				}
			}
		}),
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['url', 'baseLocale'],
			emitTsDeclarations: true
		})
	],
	test: {
		expect: { requireAssertions: true },
		// Neither UTC nor a whole-hour offset: time-zone bugs fail loudly.
		env: { TZ: 'Asia/Kathmandu' },
		testTimeout: 30_000,
		hookTimeout: 120_000,
		teardownTimeout: 5_000,
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/e2e/global-setup.ts'],
					fileParallelism: false,
					testTimeout: 60_000
				}
			},
			{
				extends: true,
				// Needs TEST_DATABASE_URL (a PostgreSQL server) and the build; run by `npm test` when it is set.
				test: { name: 'postgres', include: ['tests/postgres/**/*.test.ts'], environment: 'node', testTimeout: 180_000 }
			},
			{
				extends: true,
				// Benches that need the services (TypeScript): `npm run bench:figures`; never part of `npm test`.
				test: { name: 'bench', include: ['bench/**/*.test.ts'], environment: 'node', testTimeout: 600_000 }
			}
		]
	}
});
