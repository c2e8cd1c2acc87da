import { handbookFileResponse } from '../handbook-file.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => handbookFileResponse(event, 'epub');
