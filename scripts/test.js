// `npm test`: every test. Builds if needed (the browser tests run the built app), then runs Vitest:
// unit and integration tests on embedded PGlite, the browser tests in Debian's Chromium, and, when
// TEST_DATABASE_URL points at a PostgreSQL server, the database tests once more on it.
// Ends with one summary line: "Tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuild } from './build-stamp.js';

const node = process.execPath;
const vitest = 'node_modules/vitest/vitest.mjs';
const extra = process.argv.slice(2);

ensureBuild();

const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

function runVitest(label, args, env = {}) {
	const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bt-test-')), 'report.json');
	console.log(`\n== ${label} ==`);
	const result = spawnSync(node, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], {
		stdio: 'inherit',
		env: { ...process.env, ...env }
	});
	if (result.status !== 0) exitCode = result.status ?? 1;
	if (fs.existsSync(report)) {
		const json = JSON.parse(fs.readFileSync(report, 'utf8'));
		totals.passed += json.numPassedTests;
		totals.failed += json.numFailedTests + (json.numTotalTestSuites > 0 && json.success === false && json.numFailedTests === 0 ? 1 : 0);
		totals.skipped += json.numPendingTests + json.numTodoTests;
	} else {
		totals.failed += 1;
	}
}

const postgres = process.env.TEST_DATABASE_URL;
runVitest('Unit, integration (PGlite) and browser tests', ['--project', 'unit', '--project', 'e2e', ...extra], { TEST_DATABASE_URL: '' });
if (postgres) {
	runVitest(`Database tests on PostgreSQL (${new URL(postgres).host})`, ['--project', 'unit', 'src/lib/server', ...extra], { TEST_DATABASE_URL: postgres });
	runVitest('Two app instances on PostgreSQL', ['--project', 'postgres', ...extra], { TEST_DATABASE_URL: postgres });
}

console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(exitCode || (totals.failed > 0 ? 1 : 0));
