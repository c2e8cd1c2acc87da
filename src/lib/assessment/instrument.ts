/** The shape of a readiness-check instrument (stored as data, versioned). */
import type { Translatable } from '../content/translatable.ts';

export interface Instrument {
	version: number;
	levels: { value: 1 | 2 | 3 | 4; label: Translatable }[];
	skip: Translatable;
	dimensions: { key: string; title: Translatable; statements: { key: string; text: Translatable }[] }[];
}
