import { json } from '@sveltejs/kit';
import { app } from '#lib/server/app.ts';
import { ping } from '#lib/server/db/client.ts';
import { RETRY_AFTER_SECONDS } from '#lib/server/outage.ts';

/** Liveness and database reachability for load balancers and monitoring: 503 within about 5 s while the database is away. */
export const GET = async () => {
	const { database } = app();
	const ok = await ping(database.db);
	const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
	if (!ok) headers['Retry-After'] = String(RETRY_AFTER_SECONDS);
	return json({ status: ok ? 'ok' : 'degraded', database: database.kind }, { status: ok ? 200 : 503, headers });
};
