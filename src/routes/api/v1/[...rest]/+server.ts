import { problemResponse, problem } from '#lib/server/api/problem.ts';
import { requestLocale } from '#lib/server/api/locale.ts';
import type { RequestHandler } from './$types';

/** Any path below /api/v1 that is no operation: a 404 problem, not the site's HTML error page. */
export const fallback: RequestHandler = ({ url, request }) => problemResponse(problem(404, 'not_found'), requestLocale(url, request.headers));
