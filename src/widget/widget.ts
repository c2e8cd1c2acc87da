/**
 * The programme widget: one script for other websites (served at /widget.js, bundled by
 * src/widget/build.ts). It defines `<bildungsturbo-programme project="…">` and upgrades the
 * compatibility `<div class="bildungsturbo-programme" data-project="…">`; both show a project's
 * programme (`view="programme"`) or its next dates (`view="next"`) from the public API
 * (/api/v1/projects/{slug}, …/items), in the host page's language, with free places.
 *
 * Contracts with the host page:
 * - Everything renders into a shadow root: no element, style or attribute is added to the host
 *   document; the light-DOM children (the snippet's fallback link) show only while the widget cannot
 *   load (no JavaScript, script or API blocked), through a <slot>.
 * - CSP: no eval, no inline style in the host document. Styles are a constructable stylesheet adopted
 *   by the shadow root (not subject to `style-src`); only browsers without constructable stylesheets
 *   get a <style> in the shadow root, which needs `style-src 'unsafe-inline'`. The host must allow the
 *   platform in `script-src` and `connect-src`.
 * - Registration happens on the platform's own pages (same tab; a new tab on narrow screens and
 *   touch devices), so no personal data passes through the host site. Requests carry no cookies.
 */
import { STRINGS, type WidgetLocale } from './strings.ts';

interface Text {
	value: string;
	lang: string;
	fallback: boolean;
}
interface ApiSession {
	id: number;
	starts_at: string;
	ends_at: string;
	city: string;
	online: boolean;
	past: boolean;
}
interface ApiItem {
	id: number;
	number: number | null;
	format: 'in_person' | 'online' | 'hybrid';
	state: 'scheduled' | 'date_tba' | 'cancelled' | 'postponed' | 'bundled';
	title: Text;
	url: string;
	register_url: string | null;
	availability: { status: 'open' | 'waitlist' | 'closed' | 'consult' | 'past' | 'none'; free: number | null };
	sessions: ApiSession[];
}
interface ApiProject {
	slug: string;
	title: Text;
	url: string;
}

const TAG = 'bildungsturbo-programme';
const ATTRS = ['project', 'lang', 'items', 'limit', 'view', 'accent'];
/** Narrow screens and touch devices open the platform's pages in a new tab. */
const NEW_TAB = '(max-width: 40em), (pointer: coarse)';

const script = document.currentScript as HTMLScriptElement | null;
const scriptOrigin = script ? new URL(script.src, location.href).origin : '';

const STYLES = `:host{display:block;--bt-accent:var(--bildungsturbo-accent,#1f4e8c);--bt-on-accent:var(--bildungsturbo-on-accent,#fff)}
.w{font-family:var(--bildungsturbo-font,inherit);line-height:1.45}
h2{font-size:1.15em;margin:0 0 .5em}
ul{list-style:none;margin:0;padding:0}
li{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.4em 1em;padding:.7em 0;border-top:1px solid rgba(127,127,127,.35)}
h3{font-size:1em;margin:0}
.m{font-size:.92em;opacity:.85;margin:.15em 0 0}
.t{display:inline-block;font-size:.85em;font-weight:600;padding:.05em .55em;border:1px solid;border-radius:1em}
.open{color:#176b2c}.waitlist{color:#8a4600}
.b{display:inline-block;background:var(--bt-accent);color:var(--bt-on-accent);border-radius:var(--bildungsturbo-radius,.35em);padding:.4em .9em;font-weight:600;text-decoration:none}
.b:hover{text-decoration:underline}
a{color:var(--bt-accent)}
a:focus-visible{outline:3px solid var(--bt-accent);outline-offset:2px}
.all{display:inline-block;margin-top:.6em}
.s{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;

/** A colour the host may set with `accent` (anything CSS reads as a colour, nothing that could end the rule). */
const isColour = (value: string) => !/[;{}<]/.test(value) && CSS.supports('color', value);

let sheet: CSSStyleSheet | null = null;
function styles(root: ShadowRoot, accent: string | null): void {
	const accentCss = accent && isColour(accent) ? `:host{--bildungsturbo-accent:${accent}}` : '';
	if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
		if (!sheet) {
			sheet = new CSSStyleSheet();
			sheet.replaceSync(STYLES);
		}
		const sheets = [sheet];
		if (accentCss) {
			const own = new CSSStyleSheet();
			own.replaceSync(accentCss);
			sheets.push(own);
		}
		root.adoptedStyleSheets = sheets;
	} else root.append(h('style', {}, STYLES + accentCss));
}

function h(tag: string, attrs: Record<string, string | null | undefined> = {}, ...children: (Node | string | null | false)[]): HTMLElement {
	const el = document.createElement(tag);
	for (const [name, value] of Object.entries(attrs)) if (value != null) el.setAttribute(name, value);
	for (const child of children) if (child) el.append(child);
	return el;
}

function fill(template: string, values: Record<string, string | number>): string {
	return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** The widget's language: its own `lang`, else the nearest `lang` of the host document, else German. */
function widgetLocale(host: Element, own: string | null): WidgetLocale {
	const raw = own || host.closest('[lang]')?.getAttribute('lang') || '';
	const primary = raw.toLowerCase().split('-')[0] as WidgetLocale;
	return primary in STRINGS ? primary : 'de';
}

async function getJson<T>(url: string): Promise<T> {
	const res = await fetch(url, { credentials: 'omit', mode: 'cors', headers: { accept: 'application/json' } });
	if (!res.ok) throw new Error(`${res.status} ${url}`);
	return res.json() as Promise<T>;
}

/** All items of the project (the list's cursors followed, at most 20 pages). */
async function loadItems(base: string): Promise<ApiItem[]> {
	const items: ApiItem[] = [];
	let cursor: string | null = null;
	for (let page = 0; page < 20; page++) {
		const body: { data: ApiItem[]; next_cursor: string | null } = await getJson(cursor ? `${base}&cursor=${encodeURIComponent(cursor)}` : base);
		items.push(...body.data);
		cursor = body.next_cursor;
		if (!cursor) break;
	}
	return items;
}

interface Options {
	project: string;
	locale: WidgetLocale;
	items: number[] | null;
	limit: number | null;
	view: 'programme' | 'next';
	accent: string | null;
}

/** One embedded programme: reads its options from the host element and renders into its shadow root. */
class Widget {
	private root: ShadowRoot;
	private links: HTMLAnchorElement[] = [];
	private run = 0;
	private media = matchMedia(NEW_TAB);

	constructor(private host: HTMLElement, private option: (name: string) => string | null) {
		this.root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
		this.media.addEventListener?.('change', () => this.targets());
	}

	options(): Options {
		const ids = (this.option('items') ?? '').split(/[\s,]+/).filter(Boolean).map(Number).filter(Number.isInteger);
		const limit = Number(this.option('limit'));
		return {
			project: (this.option('project') ?? '').trim(),
			locale: widgetLocale(this.host, this.option('lang')),
			items: ids.length ? ids : null,
			limit: Number.isInteger(limit) && limit > 0 ? limit : null,
			view: this.option('view') === 'next' ? 'next' : 'programme',
			accent: this.option('accent')
		};
	}

	async render(): Promise<void> {
		const run = ++this.run;
		const o = this.options();
		const t = STRINGS[o.locale];
		const wrap = h('div', { class: 'w', lang: o.locale, dir: t.dir, 'aria-busy': 'true' }, h('slot'));
		this.root.replaceChildren();
		styles(this.root, o.accent);
		this.root.append(wrap);
		if (!o.project || !scriptOrigin) return;
		const base = `${scriptOrigin}/api/v1/projects/${encodeURIComponent(o.project)}`;
		try {
			const [project, items] = await Promise.all([getJson<ApiProject>(`${base}?lang=${o.locale}`), loadItems(`${base}/items?lang=${o.locale}&limit=100`)]);
			if (run !== this.run) return;
			const chosen = o.items ? items.filter((i) => o.items!.includes(i.id)) : items;
			this.links = [];
			wrap.replaceChildren(h('h2', {}, this.text(project.title)), o.view === 'next' ? this.next(chosen, o, t) : this.programme(chosen, o, t), this.link(project.url, t.all, 'all'));
			wrap.removeAttribute('aria-busy');
			this.targets();
		} catch {
			if (run !== this.run) return;
			// The snippet's own link (the light-DOM fallback) stays visible through the slot.
			wrap.prepend(h('p', {}, t.error));
			wrap.removeAttribute('aria-busy');
		}
	}

	/** Each item with its next date (or range), format and places, and its call to act. */
	private programme(items: ApiItem[], o: Options, t: (typeof STRINGS)[WidgetLocale]): HTMLElement {
		const shown = o.limit ? items.slice(0, o.limit) : items;
		if (!shown.length) return h('p', {}, t.empty);
		return h(
			'ul',
			{},
			...shown.map((item) => {
				const ahead = item.sessions.filter((s) => !s.past);
				const first = ahead[0] ?? item.sessions[item.sessions.length - 1];
				const when = first ? this.when(first, o.locale) + (ahead.length > 1 ? ` (+${ahead.length - 1})` : '') : '';
				return this.row(item, [when, first?.city && !first.online ? first.city : '', t.format[item.format]], t);
			})
		);
	}

	/** The next sessions of the items, soonest first (five unless `limit` says otherwise). */
	private next(items: ApiItem[], o: Options, t: (typeof STRINGS)[WidgetLocale]): HTMLElement {
		const sessions = items
			.flatMap((item) => (item.state === 'cancelled' ? [] : item.sessions.filter((s) => !s.past).map((s) => ({ item, s }))))
			.sort((a, b) => Date.parse(a.s.starts_at) - Date.parse(b.s.starts_at))
			.slice(0, o.limit ?? 5);
		if (!sessions.length) return h('p', {}, t.empty);
		return h('ul', {}, ...sessions.map(({ item, s }) => this.row(item, [this.when(s, o.locale), s.online ? t.format.online : s.city], t)));
	}

	private row(item: ApiItem, meta: string[], t: (typeof STRINGS)[WidgetLocale]): HTMLElement {
		const a = item.availability;
		const state = item.state === 'cancelled' || item.state === 'postponed' ? item.state : null;
		// In words, as the platform's pages say it: "Noch 3 Plätze frei", "Ausgebucht – Warteliste", "Abgesagt".
		const places = a.free === null ? t.open : a.free === 1 ? t.one : fill(t.other, { count: a.free });
		const tag = state ? t[state] : a.status === 'open' ? places : a.status === 'none' ? '' : t[a.status];
		const act = state ? null : a.status === 'open' ? t.register : a.status === 'waitlist' ? t.waitlistRegister : a.status === 'consult' ? t.consultBook : null;
		const title = h('h3', {}, this.link(item.url, '', '', this.text(item.title)));
		const details = h('div', {}, title, h('p', { class: 'm' }, meta.filter(Boolean).join(' · ')), tag && h('span', { class: `t ${state ?? a.status}` }, tag));
		return h('li', {}, details, act && this.link(item.register_url ?? item.url, act, 'b', h('span', { class: 's' }, ` – ${item.title.value}`)));
	}

	/** A session's start in Berlin time, as the platform shows it. */
	private when(s: ApiSession, locale: WidgetLocale): string {
		const opts: Intl.DateTimeFormatOptions = { timeZone: 'Europe/Berlin', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' };
		return new Intl.DateTimeFormat(STRINGS[locale].intl, opts).format(new Date(s.starts_at));
	}

	/** A translated text; a German fallback keeps its own language (and direction) for screen readers. */
	private text(text: Text): Node {
		return text.fallback ? h('bdi', { lang: text.lang }, text.value) : document.createTextNode(text.value);
	}

	private link(href: string, label: string, cls: string, ...children: Node[]): HTMLAnchorElement {
		const a = h('a', { href, class: cls || null }, label, ...children) as HTMLAnchorElement;
		this.links.push(a);
		return a;
	}

	/** New tab on phones, same tab otherwise; re-applied when the screen changes (rotation, resize). */
	private targets(): void {
		const t = STRINGS[this.options().locale];
		for (const a of this.links) {
			a.querySelector('.nt')?.remove();
			if (this.media.matches) {
				a.target = '_blank';
				a.rel = 'noopener';
				a.append(h('span', { class: 's nt' }, ` (${t.newTab})`));
			} else {
				a.removeAttribute('target');
				a.removeAttribute('rel');
			}
		}
	}
}

const widgets = new WeakMap<Element, Widget>();

if (!customElements.get(TAG)) {
	customElements.define(
		TAG,
		class extends HTMLElement {
			static get observedAttributes() {
				return ATTRS;
			}
			connectedCallback() {
				if (!widgets.has(this)) widgets.set(this, new Widget(this, (name) => this.getAttribute(name)));
				void widgets.get(this)!.render();
			}
			attributeChangedCallback() {
				if (this.isConnected && widgets.has(this)) void widgets.get(this)!.render();
			}
		}
	);
}

/** The compatibility <div class="bildungsturbo-programme" data-…>, now and as the page adds more. */
function upgradeDivs(): void {
	document.querySelectorAll<HTMLElement>(`div.${TAG}`).forEach((div) => {
		if (widgets.has(div)) return;
		const widget = new Widget(div, (name) => div.getAttribute(`data-${name}`));
		widgets.set(div, widget);
		void widget.render();
	});
}
upgradeDivs();
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', upgradeDivs);
new MutationObserver((records) => records.some((r) => r.addedNodes.length > 0) && upgradeDivs()).observe(document.documentElement, { childList: true, subtree: true });
