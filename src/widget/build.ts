/**
 * Builds the programme widget (src/widget/widget.ts) into one small ES2019 script with esbuild:
 * bundled, minified, an IIFE (no module loader on the host page), and the UI strings of the six
 * languages taken from the message catalogues at build time. The Vite plugin hands the script to
 * the app as `virtual:bildungsturbo-widget` (served at /widget.js by src/routes/widget.js).
 * Runs in Node at build time only; nothing here reaches the browser but its output.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { Plugin } from 'vite';
import { LOCALES, textDirection } from '../lib/i18n/locales.ts';
import { intlLocale } from '../lib/programme/dates.ts';
import type { WidgetStrings } from './strings.ts';

/** Each widget string's key in messages/<lang>.json: the platform's own words where it has them. */
export const WIDGET_MESSAGES = {
	register: 'pub_register',
	waitlistRegister: 'pub_waitlist_register',
	consultBook: 'pub_consult_book',
	one: 'pub_places_one',
	other: 'pub_places_other',
	open: 'pub_state_open',
	waitlist: 'pub_state_waitlist',
	closed: 'pub_state_closed',
	consult: 'pub_state_consult',
	past: 'pub_state_past',
	cancelled: 'state_cancelled',
	postponed: 'state_postponed',
	all: 'widget_all_dates',
	error: 'widget_error',
	empty: 'home_no_sessions',
	newTab: 'widget_new_tab'
} as const;
const FORMAT_MESSAGES = { in_person: 'format_in_person', online: 'format_online', hybrid: 'format_hybrid' } as const;

/** The strings table of every language; throws when a catalogue lacks a key (the build fails). */
export function widgetStrings(root: string): Record<string, WidgetStrings> {
	const table: Record<string, WidgetStrings> = {};
	for (const locale of LOCALES) {
		const catalogue = JSON.parse(fs.readFileSync(path.join(root, 'messages', `${locale}.json`), 'utf8')) as Record<string, unknown>;
		const text = (key: string): string => {
			const value = catalogue[key];
			if (typeof value !== 'string' || !value) throw new Error(`widget: messages/${locale}.json has no plain text for ${key}`);
			return value;
		};
		const strings = Object.fromEntries(Object.entries(WIDGET_MESSAGES).map(([name, key]) => [name, text(key)]));
		const format = Object.fromEntries(Object.entries(FORMAT_MESSAGES).map(([name, key]) => [name, text(key)]));
		table[locale] = { ...strings, format, intl: intlLocale(locale), dir: textDirection(locale) } as WidgetStrings;
	}
	return table;
}

/** The widget script, minified. */
export async function bundleWidget(root: string): Promise<string> {
	const result = await build({
		entryPoints: [path.join(root, 'src/widget/widget.ts')],
		bundle: true,
		minify: true,
		format: 'iife',
		target: 'es2019',
		write: false,
		legalComments: 'none',
		// UTF-8 as it is (served with charset=utf-8): Arabic or Cyrillic as \u escapes would be 2–3× longer.
		charset: 'utf8',
		// The app's tsconfig extends SvelteKit's generated one; the widget needs none of it.
		tsconfigRaw: {},
		define: { __BILDUNGSTURBO_WIDGET_STRINGS__: JSON.stringify(widgetStrings(root)) }
	});
	return result.outputFiles[0].text;
}

const ID = 'virtual:bildungsturbo-widget';

/** `import script from 'virtual:bildungsturbo-widget'`: the built widget as a string. */
export function widgetPlugin(): Plugin {
	let root = process.cwd();
	return {
		name: 'bildungsturbo-widget',
		configResolved(config) {
			root = config.root;
		},
		resolveId: (id) => (id === ID ? `\0${ID}` : null),
		async load(id) {
			if (id !== `\0${ID}`) return null;
			for (const file of ['widget.ts', 'strings.ts']) this.addWatchFile(path.join(root, 'src/widget', file));
			for (const locale of LOCALES) this.addWatchFile(path.join(root, 'messages', `${locale}.json`));
			return `export default ${JSON.stringify(await bundleWidget(root))};`;
		}
	};
}
