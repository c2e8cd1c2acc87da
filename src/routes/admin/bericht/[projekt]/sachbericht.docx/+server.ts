import { requestReportFile } from '../../report-export.ts';
import type { RequestHandler } from './$types';

/** The draft of the Sachbericht as a Word document, made in the background: redirects to its status page. */
export const GET: RequestHandler = (event) => requestReportFile(event, 'docx');
