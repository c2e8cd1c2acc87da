import { requestReportFile } from '../../report-export.ts';
import type { RequestHandler } from './$types';

/** The funder report as a PDF, made in the background: redirects to its status page. */
export const GET: RequestHandler = (event) => requestReportFile(event, 'pdf');
