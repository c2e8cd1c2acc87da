import { app } from '#lib/server/app.ts';
import { openApiDocument } from '#lib/server/api/openapi.ts';

/** The OpenAPI 3.1 description, built from the operations' own zod schemas (server/api/openapi.ts). */
export const GET = async () => {
	const doc = await openApiDocument(app().config.publicOrigin);
	return new Response(JSON.stringify(doc), {
		headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' }
	});
};
