import { figuresFile } from '../../downloads.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => figuresFile(event, 'xlsx');
