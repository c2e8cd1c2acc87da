import { app } from '#lib/server/app.ts';
import { findCertificate } from '#lib/server/registration/certificates.ts';
import type { PageServerLoad } from './$types';

/** Confirms a certificate: what it says, nothing else about the person. */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'X-Robots-Tag': 'noindex' });
	const cert = await findCertificate(app().database.db, params.code);
	return { cert: cert ? { name: cert.name, title: cert.itemTitle, attended: cert.attended, total: cert.total, issuedAt: cert.issuedAt } : null };
};
