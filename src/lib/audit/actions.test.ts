/**
 * Every action the code records has a sentence in every language: the test reads the sources, so
 * a new `recordAudit(…, 'x.y', …)` without `audit_action_x_y` in all six catalogues fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../i18n/locales.ts';
import { actionMessageKey } from './describe.ts';

const ROOT = join(import.meta.dirname, '..');

/**
 * Actions written as template literals, with every value the substitution can take. A new
 * template fails the test until it is listed here (the parser cannot know the values).
 */
const TEMPLATES: Record<string, string[]> = {
	'project.${status}': ['project.draft', 'project.published', 'project.archived']
};

function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'paraglide' ? [] : sources(path);
		return /\.(ts|svelte)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
	});
}

/** The action strings of every `recordAudit(db, actor, action, …)` call; unreadable ones as problems. */
export function recordedActions(file: string, text: string): { actions: string[]; problems: string[] } {
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const actions: string[] = [];
	const problems: string[] = [];
	const strings = (node: ts.Node): void => {
		if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) actions.push(node.text);
		else if (ts.isTemplateExpression(node)) {
			const pattern = node.getText(source).slice(1, -1);
			if (TEMPLATES[pattern]) actions.push(...TEMPLATES[pattern]);
			else problems.push(`${file}: template action ${pattern} is not listed in TEMPLATES`);
		} else if (ts.isConditionalExpression(node)) {
			strings(node.whenTrue);
			strings(node.whenFalse);
		} else if (ts.isParenthesizedExpression(node)) strings(node.expression);
		else problems.push(`${file}: cannot read the action ${node.getText(source)}`);
	};
	const visit = (node: ts.Node): void => {
		if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'recordAudit' && node.arguments.length >= 3) {
			strings(node.arguments[2]);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return { actions, problems };
}

const found = sources(ROOT).map((file) => ({ file: relative(ROOT, file), ...recordedActions(file, readFileSync(file, 'utf8')) }));
const actions = [...new Set(found.flatMap((f) => f.actions))].sort();
const catalogues = Object.fromEntries(LOCALES.map((l) => [l, JSON.parse(readFileSync(join(ROOT, '../../messages', `${l}.json`), 'utf8')) as Record<string, string>]));

describe('audit action messages', () => {
	it('finds the recorded actions in the sources', () => {
		expect(found.flatMap((f) => f.problems)).toEqual([]);
		// A sample that must be found, so that a broken reader cannot pass with nothing to check.
		expect(actions).toEqual(expect.arrayContaining(['attendance.present', 'attendance.absent', 'registration.cancelled', 'project.published', 'settings.legal_updated']));
		expect(actions.length).toBeGreaterThan(40);
	});

	it('has a message for every recorded action in every language', () => {
		const missing = actions.flatMap((action) =>
			LOCALES.filter((l) => !catalogues[l][actionMessageKey(action)]?.trim()).map((l) => `${l}: ${actionMessageKey(action)} (${action})`)
		);
		expect(missing).toEqual([]);
	});

	it('reads actions from every form the code uses, and refuses a form it cannot read', () => {
		const sample = `
			await recordAudit(tx, actor, 'a.one', { type: 'x', id: 1 }, now);
			await recordAudit(tx, actor, present ? 'a.two' : 'a.three', { type: 'x', id: 1 }, now);
			await recordAudit(tx, actor, \`project.\${status}\`, { type: 'x', id: 1 }, now);
			await recordAudit(tx, actor, \`other.\${status}\`, { type: 'x', id: 1 }, now);
			await recordAudit(tx, actor, action, { type: 'x', id: 1 }, now);`;
		const { actions: read, problems } = recordedActions('sample.ts', sample);
		expect(read).toEqual(['a.one', 'a.two', 'a.three', 'project.draft', 'project.published', 'project.archived']);
		expect(problems).toHaveLength(2);
	});
});
