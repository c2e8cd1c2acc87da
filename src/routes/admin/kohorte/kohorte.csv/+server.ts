import { error } from '@sveltejs/kit';
import { stringify } from 'csv-stringify/sync';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { cohortView } from '#lib/server/assessment/results.ts';
import { localise } from '#lib/content/translatable.ts';
import type { RequestHandler } from './$types';

/** The anonymous aggregate only; nothing per organisation. */
export const GET: RequestHandler = async ({ locals }) => {
	requireStaff(locals);
	const { instrument, aggregate } = await cohortView(app().database.db);
	if (!aggregate) error(404, 'Zu wenige Vereine für ein anonymes Gesamtbild.');
	const rows = aggregate.map((f) => [localise(instrument.dimensions.find((d) => d.key === f.key)?.title, 'de').text, f.organisations, f.mean, f.min, f.max]);
	const csv = '\uFEFF' + stringify([['Bereich', 'Vereine', 'Mittel', 'Minimum', 'Maximum'], ...rows], { delimiter: ';' });
	return new Response(csv, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="kohorte-digital-check.csv"' } });
};
