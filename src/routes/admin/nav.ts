/**
 * The backoffice navigation as data: areas (groups) with their links. Adding an area is one entry
 * here (e.g. "Beratung" once consultations have pages). A link with `requires` is shown only when
 * that route exists in this build, so a page another change adds appears without editing this file.
 */
import * as m from '#lib/paraglide/messages.js';

export interface NavLink {
	/** Path without language prefix. */
	href: string;
	label: () => string;
	/** Other paths that belong to this link (prefixes ending in `/`): sub-pages mark it as where one is. */
	also?: string[];
	/** A route file (relative to src/routes/admin) the link needs. */
	requires?: string;
}

export interface NavGroup {
	id: string;
	label: () => string;
	links: NavLink[];
}

// Route files present in the build: lets optional links check that their page exists.
const ROUTES = new Set(Object.keys(import.meta.glob('./*/+page.svelte')).map((path) => path.slice(2)));

export const NAV_GROUPS: NavGroup[] = [
	{
		id: 'programm',
		label: m.admin_nav_group_programme,
		links: [
			{ href: '/admin', label: m.admin_dashboard, also: ['/admin/projekte/', '/admin/programmpunkte/', '/admin/termine/', '/admin/meetings/'] },
			{ href: '/admin/projekte/neu', label: m.action_new_project },
			{ href: '/', label: m.admin_public_site },
			{ href: '/admin/widget', label: m.widget_nav, requires: 'widget/+page.svelte' }
		]
	},
	{
		id: 'anmeldungen',
		label: m.admin_nav_group_registrations,
		links: [{ href: '/admin/anmeldungen', label: m.admin_nav_registrations, requires: 'anmeldungen/+page.svelte' }]
	},
	{
		id: 'beratung',
		label: m.consadm_nav_group,
		links: [
			{ href: '/admin/beratung', label: m.consadm_nav_offers, also: ['/admin/beratung/'], requires: 'beratung/+page.svelte' },
			{ href: '/admin/beratung/zahlen', label: m.consadm_figures_title, requires: 'beratung/+page.svelte' }
		]
	},
	{
		id: 'vereine',
		label: m.admin_nav_group_organisations,
		links: [
			{ href: '/admin/vereine', label: m.orgs_title, also: ['/admin/vereine/'] },
			{ href: '/admin/kohorte', label: m.cohort_link, also: ['/admin/kohorte/'] },
			{ href: '/admin/digital-check', label: m.instrument_link, also: ['/admin/digital-check/'] }
		]
	},
	{
		id: 'berichte',
		label: m.admin_nav_group_reports,
		links: [
			{ href: '/admin/bericht', label: m.report_nav, also: ['/admin/bericht/'], requires: 'bericht/+page.svelte' },
			{ href: '/admin/handbuch', label: m.hb_admin_title, also: ['/admin/handbuch/'], requires: 'handbuch/+page.svelte' },
			{ href: '/admin/protokoll', label: m.admin_audit },
			{ href: '/admin/postausgang', label: m.admin_outbox }
		]
	},
	{
		id: 'einstellungen',
		label: m.admin_nav_group_settings,
		links: [
			{ href: '/admin/einstellungen', label: m.settings_title },
			{ href: '/admin/sicherheit', label: m.twofa_title },
			{ href: '/admin/personen', label: m.persons_title },
			{ href: '/admin/team', label: m.team_nav, also: ['/admin/team/'], requires: 'team/+page.svelte' },
			{ href: '/admin/api', label: m.api_nav, requires: 'api/+page.svelte' },
			{ href: '/admin/api/tokens', label: m.api_tokens_title },
			{ href: '/admin/webhooks', label: m.webhook_nav, also: ['/admin/webhooks/'], requires: 'webhooks/+page.svelte' },
			{ href: '/admin/gestaltung', label: m.ui_patterns_link, requires: 'gestaltung/+page.svelte' }
		]
	}
];

/** The groups with the links whose pages exist; groups left empty are dropped. */
export function navGroups(): NavGroup[] {
	return NAV_GROUPS.map((g) => ({ ...g, links: g.links.filter((l) => !l.requires || ROUTES.has(l.requires)) })).filter((g) => g.links.length > 0);
}

/**
 * Which link is where one is, for `path` without language prefix: the link of that very page
 * (`page`), else the link a sub-page belongs to (`section`, the longest matching prefix).
 */
export function currentLink(groups: NavGroup[], path: string): { href: string; kind: 'page' | 'section' } | null {
	const links = groups.flatMap((g) => g.links);
	const exact = links.find((l) => l.href === path);
	if (exact) return { href: exact.href, kind: 'page' };
	let best: { href: string; length: number } | null = null;
	for (const l of links)
		for (const prefix of l.also ?? []) if (path.startsWith(prefix) && prefix.length > (best?.length ?? 0)) best = { href: l.href, length: prefix.length };
	return best ? { href: best.href, kind: 'section' } : null;
}
