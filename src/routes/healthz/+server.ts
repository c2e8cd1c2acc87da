import { json } from '@sveltejs/kit';
import { app } from '#lib/server/app.ts';
import { ping } from '#lib/server/db/client.ts';

/** Liveness and database reachability for load balancers and monitoring. */
export const GET = async () => {
	const { database } = app();
	const ok = await ping(database.db);
	return json({ status: ok ? 'ok' : 'degraded', database: database.kind }, { status: ok ? 200 : 503 });
};
