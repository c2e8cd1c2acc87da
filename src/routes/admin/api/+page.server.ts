import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { openApiDocument } from '#lib/server/api/openapi.ts';
import { apiReference } from '#lib/server/api/reference.ts';
import type { PageServerLoad } from './$types';

/** The API reference, rendered from the OpenAPI document the API serves (staff only). */
export const load: PageServerLoad = async ({ locals }) => {
	requireStaff(locals);
	return { reference: apiReference(await openApiDocument(app().config.publicOrigin)) };
};
