/**
 * The handbook's pure rules: licences, the workflow's states and steps, the generated chapters and
 * what an image may be. Shared by services, pages and tests.
 */
export const LICENCES = ['CC-BY-4.0', 'CC-BY-SA-4.0'] as const;
export type Licence = (typeof LICENCES)[number];

export const LICENCE_INFO: Record<Licence, { name: string; url: string }> = {
	'CC-BY-4.0': { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
	'CC-BY-SA-4.0': { name: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' }
};

export function isLicence(value: unknown): value is Licence {
	return typeof value === 'string' && (LICENCES as readonly string[]).includes(value);
}

export const STATUSES = ['draft', 'in_review', 'published'] as const;
export type HandbookStatus = (typeof STATUSES)[number];

/** The workflow's steps: draft → in review → published; back to draft from either. */
export const STEPS = {
	submit: { from: ['draft'], to: 'in_review' },
	publish: { from: ['in_review'], to: 'published' },
	return: { from: ['in_review', 'published'], to: 'draft' }
} as const satisfies Record<string, { from: readonly HandbookStatus[]; to: HandbookStatus }>;
export type Step = keyof typeof STEPS;

export function isStep(value: unknown): value is Step {
	return typeof value === 'string' && Object.hasOwn(STEPS, value);
}

/** The steps open from a status. */
export function stepsFrom(status: HandbookStatus): Step[] {
	return (Object.keys(STEPS) as Step[]).filter((s) => (STEPS[s].from as readonly string[]).includes(status));
}

/**
 * The chapters the platform builds afresh at each view or export. The programme chapter also lists
 * the materials attached to its items (programme/materials.ts), each with its download link.
 */
export const GENERATORS = ['programme', 'consultation', 'development'] as const;
export type Generator = (typeof GENERATORS)[number];

export const GENERATED_SLUGS: Record<Generator, string> = {
	programme: 'programm',
	consultation: 'beratung',
	development: 'organisationsentwicklung'
};

/** Images of written chapters: these types, at most 2 MB, recognised by their first bytes. */
export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

export function imageTypeOf(bytes: Uint8Array): ImageType | null {
	const b = bytes;
	if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png';
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
	if (b.length >= 12 && String.fromCharCode(...b.slice(0, 4)) === 'RIFF' && String.fromCharCode(...b.slice(8, 12)) === 'WEBP') return 'image/webp';
	return null;
}

/**
 * How Markdown refers to an uploaded image: `![Alt text](bild:12)`. The HTML page maps it to the
 * image's versioned URL; the PDF and EPUB find the bytes by id in the chapter's `images`.
 */
export const IMAGE_REF = /!\[([^\]]*)\]\(bild:([0-9]{1,9})\)/g;

export function imageMarkdown(id: number, alt: string): string {
	return `![${alt.replace(/[[\]]/g, '')}](bild:${id})`;
}

/** A chapter's anchor from its German title: lowercase ASCII, digits and hyphens. */
export function slugify(title: string): string {
	const s = title
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
	return s || 'kapitel';
}
