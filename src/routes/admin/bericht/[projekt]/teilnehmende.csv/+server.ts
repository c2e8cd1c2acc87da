import { participantsFile } from '../../downloads.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => participantsFile(event, 'csv');
