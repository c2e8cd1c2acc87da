/**
 * Participant lists for the team and the funder: CSV and XLSX (spreadsheet.ts, formula-safe) and a
 * printable PDF in the document style (document.ts) with name, organisation and a signature column only.
 */
import { localise } from '../../content/translatable.ts';
import * as m from '../../paraglide/messages.js';
import { formatSessionDates, formatSessionDay } from '../../programme/dates.ts';
import type { participantList } from '../registration/attendance.ts';
import { createDocument, INK, TYPE, type DocumentBranding } from './document.ts';
import { textHeight, writeText } from './pdf-text.ts';
import { toCsv, toXlsx } from './spreadsheet.ts';

type List = Awaited<ReturnType<typeof participantList>>;

const HEADERS = ['Name', 'Organisation', 'E-Mail', 'Sprache', 'Termine erwartet', 'Termine anwesend'];

function cells(list: List) {
	return list.rows.map((r) => [r.name, r.organisation, r.email, r.language, r.expected, r.attended]);
}

export function participantCsv(list: List): string {
	return toCsv([HEADERS, ...cells(list)]);
}

export function participantXlsx(list: List): Promise<Buffer> {
	return toXlsx('Teilnehmende', HEADERS, cells(list));
}

const PROJECT_HEADERS = ['Nr.', 'Programmpunkt', 'Termine', ...HEADERS];

/** Several items' lists as one table: the item (number, German title, dates) before each row. */
function projectCells(lists: List[]) {
	return lists.flatMap((list) => {
		const item = [list.item.number, localise(list.item.title, 'de').text, formatSessionDates(list.sessions.map((s) => s.startsAt), 'de')];
		return cells(list).map((row) => [...item, ...row]);
	});
}

/** A project's participant list for a period (reports/participants.ts), every item in one file. */
export function projectParticipantCsv(lists: List[]): string {
	return toCsv([PROJECT_HEADERS, ...projectCells(lists)]);
}

export function projectParticipantXlsx(lists: List[]): Promise<Buffer> {
	return toXlsx('Teilnehmende', PROJECT_HEADERS, projectCells(lists));
}

/** Up to this many sessions get a signature column each on one landscape list; more get a list each. */
const COLUMNS_PER_LIST = 4;
const ROW_HEIGHT = 34;

/**
 * The funder's signature list, in German (the funder's language): project, funding programme and
 * funder, the item with its dates and places; then one row per participant with a signature column
 * per session (up to four, landscape), or one list per session for a longer series. Rows are high
 * enough to sign, names and organisations wrap instead of being cut off.
 */
export function participantPdf(list: List, provider: { branding: DocumentBranding | null; accent?: string } = { branding: null }): Promise<Buffer> {
	const o = { locale: 'de' as const };
	const title = localise(list.item.title, 'de').text;
	const d = createDocument({ locale: 'de', layout: 'landscape', title: m.siglist_title({}, o), subtitle: title, branding: provider.branding, accent: provider.accent });
	const { doc, fonts } = d;
	const direction = 'ltr';
	const { left, right, bottom } = d.box;
	const place = (sessions: List['sessions']) => [...new Set(sessions.map((s) => [s.city, s.address].filter(Boolean).join(', ')).filter(Boolean))].join('; ') || (list.item.format !== 'in_person' ? 'Online' : '');
	const groups = list.sessions.length <= COLUMNS_PER_LIST ? [list.sessions] : list.sessions.map((s) => [s]);

	const heading = (sessions: List['sessions'], continued: boolean) => {
		if (continued) {
			doc.fillColor('black').font(fonts.bold).fontSize(TYPE.heading);
			writeText(doc, `${m.siglist_title({}, o)}: ${title} (${m.siglist_continued({}, o)})`, { direction, x: left, y: d.box.top });
		} else {
			d.titleBlock();
		}
		doc.font(fonts.regular).fontSize(9).fillColor(INK.muted);
		const project = [list.project.phaseName || localise(list.project.title, 'de').text, list.project.fundingProgramme].filter(Boolean).join(' · ');
		if (project) writeText(doc, project, { direction, x: left });
		if (list.project.funder) writeText(doc, m.cert_funded({ funder: list.project.funder }, o), { direction, x: left });
		writeText(doc, [formatSessionDates(sessions.map((s) => s.startsAt), 'de'), place(sessions)].filter(Boolean).join(' · '), { direction, x: left });
		doc.fillColor('black').moveDown(0.6);
	};
	const columns = (sessions: List['sessions']) => {
		const fixed = [{ label: m.siglist_number({}, o), width: 28 }, { label: m.siglist_name({}, o), width: 190 }, { label: m.siglist_organisation({}, o), width: 170 }];
		const rest = right - left - fixed.reduce((sum, c) => sum + c.width, 0);
		const sign = sessions.map((s) => ({ label: `${m.siglist_signature({}, o)} ${formatSessionDay(s.startsAt, 'de')}`, width: rest / sessions.length }));
		return [...fixed, ...sign];
	};
	const tableHeader = (cols: { label: string; width: number }[]) => {
		let x = left;
		const y = doc.y;
		doc.font(fonts.bold).fontSize(9);
		const height = Math.max(...cols.map((c) => textHeight(doc, c.label, { width: c.width - 6 })));
		for (const c of cols) {
			writeText(doc, c.label, { direction, x: x + 3, y, width: c.width - 6 });
			x += c.width;
		}
		doc.moveTo(left, y + height + 3).lineTo(right, y + height + 3).lineWidth(1).strokeColor('black').stroke();
		doc.y = y + height + 6;
		doc.font(fonts.regular);
	};

	groups.forEach((sessions, g) => {
		if (g > 0) d.addPage();
		heading(sessions, false);
		const cols = columns(sessions);
		tableHeader(cols);
		list.rows.forEach((r, i) => {
			const cells = [String(i + 1), r.name, r.organisation];
			doc.fontSize(10);
			const height = Math.max(ROW_HEIGHT, ...cells.map((c, k) => textHeight(doc, c, { width: cols[k].width - 6 }) + 8));
			if (doc.y + height > bottom) {
				d.addPage();
				heading(sessions, true);
				tableHeader(cols);
				doc.fontSize(10);
			}
			const y = doc.y;
			let x = left;
			cells.forEach((c, k) => {
				writeText(doc, c, { direction, x: x + 3, y: y + 4, width: cols[k].width - 6 });
				x += cols[k].width;
			});
			// Vertical lines between the signature cells, a light line under the row.
			let vx = left + cols.slice(0, 3).reduce((sum, c) => sum + c.width, 0);
			for (const c of cols.slice(3)) {
				doc.moveTo(vx, y).lineTo(vx, y + height).lineWidth(0.5).strokeColor('#999').stroke();
				vx += c.width;
			}
			doc.moveTo(left, y + height).lineTo(right, y + height).lineWidth(0.5).strokeColor('#999').stroke();
			doc.y = y + height;
		});
	});
	return d.finish();
}
