import { describe, expect, it } from 'vitest';
import { parseSnippetQuery, readSnippetQuery, widgetSnippet } from './snippet.ts';

const projects = new Map([
	['digit-ready-iii', [11, 12, 13]],
	['digit-ready-ii', [5]]
]);
const query = (q: string) => readSnippetQuery(new URLSearchParams(q));

describe('the snippet query', () => {
	it('takes the first project and the programme view when nothing is asked yet', () => {
		expect(parseSnippetQuery(query(''), projects, 'digit-ready-iii', 'de')).toEqual({
			ok: true,
			options: { project: 'digit-ready-iii', items: [], view: 'programme', limit: null, accent: null, lang: null }
		});
	});

	it('reads items, view, limit, colour and language', () => {
		const parsed = parseSnippetQuery(query('projekt=digit-ready-iii&punkt=13&punkt=11&punkt=13&ansicht=next&anzahl=3&farbe=%230B5CAD&sprache=ar'), projects, null, 'de');
		expect(parsed).toEqual({ ok: true, options: { project: 'digit-ready-iii', items: [11, 13], view: 'next', limit: 3, accent: '#0b5cad', lang: 'ar' } });
	});

	it('names each wrong field: unknown project, an item of another project, a bad view, limit, colour or language', () => {
		expect(parseSnippetQuery(query('projekt=nope'), projects, null, 'de')).toEqual({ ok: false, errors: { projekt: { key: 'err_choice' } } });
		const parsed = parseSnippetQuery(query('projekt=digit-ready-ii&punkt=11&ansicht=x&anzahl=51&farbe=%23ffcc00&sprache=fr'), projects, null, 'en');
		expect(parsed.ok).toBe(false);
		expect(!parsed.ok && parsed.errors).toEqual({
			punkt: { key: 'err_choice' },
			ansicht: { key: 'err_choice' },
			anzahl: { key: 'err_widget_limit', params: { max: 50 } },
			farbe: { key: 'err_brand_contrast', params: { ratio: '1.5', min: '4.5' } },
			sprache: { key: 'err_choice' }
		});
		expect(parseSnippetQuery(query('anzahl=1e3'), projects, 'digit-ready-ii', 'de').ok).toBe(false);
	});
});

describe('the embed code', () => {
	const at = { scriptUrl: 'https://programm.example.org/widget.js', fallback: { href: 'https://programm.example.org/ar/projekte/digit-ready-iii', text: 'Digit-Ready <III> & mehr' } };

	it('is the script, the element with its settings and the fallback link inside; the div says the same in data attributes', () => {
		const code = widgetSnippet({ project: 'digit-ready-iii', items: [11, 13], view: 'next', limit: 3, accent: '#0b5cad', lang: 'ar' }, at);
		expect(code.element).toBe(
			'<script src="https://programm.example.org/widget.js" async></script>\n' +
				'<bildungsturbo-programme project="digit-ready-iii" lang="ar" view="next" items="11,13" limit="3" accent="#0b5cad">\n' +
				'  <a href="https://programm.example.org/ar/projekte/digit-ready-iii">Digit-Ready &lt;III&gt; &amp; mehr</a>\n' +
				'</bildungsturbo-programme>'
		);
		expect(code.div).toContain('<div class="bildungsturbo-programme" data-project="digit-ready-iii" lang="ar" data-view="next" data-items="11,13" data-limit="3" data-accent="#0b5cad">');
		expect(code.div).toContain('</a>\n</div>');
	});

	it('leaves out what is the default', () => {
		const code = widgetSnippet({ project: 'x"y', items: [], view: 'programme', limit: null, accent: null, lang: null }, at);
		expect(code.element).toContain('<bildungsturbo-programme project="x&quot;y">');
	});
});
