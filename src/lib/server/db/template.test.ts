import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyPgliteTemplate, PGLITE_TEMPLATE_STAMP, pgliteVersion } from './client.ts';

// The copy on files alone (a real template is made by the build: scripts/pglite-template.js; the
// browser tests start the built server on empty data directories, so they open copied ones).
const dirs: string[] = [];
const tmp = () => {
	const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-template-'));
	dirs.push(d);
	return d;
};
afterEach(() => {
	for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function template(version = pgliteVersion()) {
	const t = tmp();
	fs.writeFileSync(path.join(t, 'PG_VERSION'), '17\n');
	fs.mkdirSync(path.join(t, 'base', '1'), { recursive: true });
	fs.writeFileSync(path.join(t, 'base', '1', '1259'), 'catalog');
	fs.writeFileSync(path.join(t, PGLITE_TEMPLATE_STAMP), JSON.stringify({ pglite: version }));
	return t;
}

describe('copyPgliteTemplate', () => {
	it('copies the template into an empty data directory, without its stamp and without the copy folder', () => {
		const data = tmp();
		expect(copyPgliteTemplate(data, template())).toBe(true);
		expect(fs.readFileSync(path.join(data, 'PG_VERSION'), 'utf8')).toBe('17\n');
		expect(fs.readFileSync(path.join(data, 'base', '1', '1259'), 'utf8')).toBe('catalog');
		expect(fs.readdirSync(data).sort()).toEqual(['PG_VERSION', 'base']);
	});

	it('never touches a data directory that holds a database', () => {
		const data = tmp();
		fs.writeFileSync(path.join(data, 'PG_VERSION'), '17\n');
		fs.writeFileSync(path.join(data, 'mine'), 'kept');
		expect(copyPgliteTemplate(data, template())).toBe(false);
		expect(fs.readdirSync(data).sort()).toEqual(['PG_VERSION', 'mine']);
	});

	it('ignores a template made by another PGlite version, and a missing one', () => {
		const data = tmp();
		expect(copyPgliteTemplate(data, template('0.0.1'))).toBe(false);
		expect(copyPgliteTemplate(data, path.join(tmp(), 'none'))).toBe(false);
		expect(fs.readdirSync(data)).toEqual([]);
	});

	it('redoes a copy that was cut off before PG_VERSION arrived', () => {
		const data = tmp();
		fs.mkdirSync(path.join(data, 'base', '1'), { recursive: true });
		fs.writeFileSync(path.join(data, 'base', '1', '1259'), 'half');
		fs.mkdirSync(path.join(data, '.template-copy'));
		expect(copyPgliteTemplate(data, template())).toBe(true);
		expect(fs.readFileSync(path.join(data, 'base', '1', '1259'), 'utf8')).toBe('catalog');
		expect(fs.readdirSync(data).sort()).toEqual(['PG_VERSION', 'base']);
	});
});
