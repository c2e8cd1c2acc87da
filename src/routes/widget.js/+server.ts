import type { RequestHandler } from './$types';
import { widgetScriptResponse } from '#lib/server/widget/script.ts';

/** The programme widget's script for other websites (src/widget/widget.ts). */
export const GET: RequestHandler = ({ request, url }) => widgetScriptResponse(request, url);
