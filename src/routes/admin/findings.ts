import { localizeHref } from '#lib/paraglide/runtime.js';
import type { Finding } from '#lib/programme/publish-check.ts';

const PAGES = { project: 'projekte', item: 'programmpunkte', session: 'termine', meeting: 'meetings' } as const;
/** Finding fields that live under another form field name. */
const ANCHORS: Record<string, string> = {
	title: 'title-de',
	description: 'description-de',
	startsAt: 'date',
	endsAt: 'endTime'
};

/** Link to the form field that fixes a finding. */
export function findingHref(f: Finding): string {
	if (f.code === 'legal_notice_missing') return `${localizeHref('/admin/einstellungen')}#impressum`;
	const anchor = f.target.field === 'series' ? 'serie' : `field-${ANCHORS[f.target.field] ?? f.target.field}`;
	return `${localizeHref(`/admin/${PAGES[f.target.kind]}/${f.target.id}`)}#${anchor}`;
}
