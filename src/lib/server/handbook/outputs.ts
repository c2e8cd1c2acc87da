/**
 * What the handbook's PDF (pdf.ts) and EPUB (epub.ts) share: the licence's name, the images a chapter's
 * Markdown points to, the radar chart's data, and Markdown inline tokens as plain text.
 */
import type { Token, Tokens } from 'marked';
import type { RadarSeries } from '../../assessment/radar.ts';
import type { HandbookDocument } from './content.ts';

export type HandbookChapter = HandbookDocument['chapters'][number];
export type HandbookImage = HandbookChapter['images'][number];

export function licenceName(licence: HandbookDocument['licence']): string {
	return licence === 'CC-BY-SA-4.0' ? 'CC BY-SA 4.0' : 'CC BY 4.0';
}

/**
 * The image a Markdown `![alt](src)` means: `src` names the image's id, alone or as the last part of
 * a path (`/handbuch/bild/<id>`, `bild:<id>`), with or without a query.
 */
export function findImage(chapter: HandbookChapter, src: string): HandbookImage | null {
	const path = src.split(/[?#]/)[0];
	const last = path.split(/[/:]/).pop() ?? '';
	return chapter.images.find((i) => i.id === path || i.id === last || i.id === decodeURIComponent(last)) ?? null;
}

/** The images a PDF can embed (pdfkit: PNG and JPEG). */
export function embeddable(image: HandbookImage): boolean {
	return /^image\/(png|jpe?g)$/.test(image.contentType);
}

export function imageExtension(contentType: string): string {
	const sub = contentType.split('/')[1]?.split(/[+;]/)[0] ?? 'bin';
	return sub === 'jpeg' ? 'jpg' : sub.replace(/[^a-z0-9]/g, '') || 'bin';
}

export interface RadarData {
	axes: string[];
	series: RadarSeries[];
	max: number;
}

const COLOURS = ['#0b5cad', '#7a4b00', '#2e7d32', '#8e24aa'];

/** A radar chart's data (`{ axes, series: [{ name, values, color?, dashed? }], max? }`), or null when it has another shape. */
export function radarData(data: unknown): RadarData | null {
	if (!data || typeof data !== 'object') return null;
	const d = data as { axes?: unknown; series?: unknown; max?: unknown };
	if (!Array.isArray(d.axes) || !d.axes.length || !d.axes.every((a) => typeof a === 'string')) return null;
	if (!Array.isArray(d.series)) return null;
	const series: RadarSeries[] = [];
	for (const [i, s] of (d.series as unknown[]).entries()) {
		if (!s || typeof s !== 'object') return null;
		const { name, values, color, dashed } = s as Record<string, unknown>;
		if (typeof name !== 'string' || !Array.isArray(values)) return null;
		series.push({
			name,
			values: (d.axes as string[]).map((_, k) => (typeof values[k] === 'number' && Number.isFinite(values[k]) ? (values[k] as number) : null)),
			color: typeof color === 'string' && /^#[0-9a-f]{6}$/i.test(color) ? color : COLOURS[i % COLOURS.length],
			dashed: dashed === true
		});
	}
	const max = typeof d.max === 'number' && d.max > 0 ? d.max : 4;
	return { axes: d.axes as string[], series, max };
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '\u00ad', ndash: '–', mdash: '—', hellip: '…' };

/** Character references as typed in Markdown (`&amp;`, `&#228;`) as the characters they stand for. */
export function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
		if (ref[0] === '#') {
			const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
			return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
		}
		return NAMED[ref.toLowerCase()] ?? whole;
	});
}

/** Inline tokens as the plain text they show (emphasis and links as their words; images left out). */
export function inlineText(tokens: Token[] | undefined): string {
	let out = '';
	for (const t of tokens ?? []) {
		switch (t.type) {
			case 'br':
				out += '\n';
				break;
			case 'image':
			case 'html':
				break;
			case 'codespan':
				out += decodeEntities((t as Tokens.Codespan).text);
				break;
			case 'escape':
				out += (t as Tokens.Escape).text;
				break;
			default: {
				const children = (t as { tokens?: Token[] }).tokens;
				out += children?.length ? inlineText(children) : decodeEntities((t as { text?: string }).text ?? '');
			}
		}
	}
	return out;
}
