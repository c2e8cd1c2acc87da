/**
 * Text in PDFs in every script. pdfkit shapes Arabic through fontkit, but it lays a line out word by
 * word from left to right and knows nothing of the Unicode bidirectional algorithm, so "شهادة حضور"
 * came out as "حضورشهادة". Here every paragraph is wrapped into lines first (in logical order), then
 * each line is split into its bidi runs with `bidi-js` (UAX #9), the runs are placed in visual order,
 * and each run is laid out whole by fontkit (which shapes it and turns a right-to-left run round).
 * Every PDF of the platform writes its text through `writeText`.
 */
import bidiFactory from 'bidi-js';
import type PDFDocument from 'pdfkit';

type Doc = InstanceType<typeof PDFDocument>;
export type Direction = 'ltr' | 'rtl';

const bidi = bidiFactory();
/** Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, presentation forms). */
const STRONG_RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
/**
 * Passing any OpenType feature makes pdfkit lay a run out in one piece instead of word by word
 * (its per-word cache would put the words of a right-to-left run in left-to-right order again).
 */
const FEATURES = ['kern'];

export interface Run {
	text: string;
	rtl: boolean;
}

/**
 * One line's runs in visual order (left to right on the page), brackets of right-to-left runs
 * mirrored (fontkit does not mirror). A right-to-left run is given in logical order, because fontkit
 * reverses it when it lays it out; a run of right-to-left level without any right-to-left letter
 * (fontkit would not reverse it) is given in visual order.
 */
export function visualRuns(line: string, direction: Direction | 'auto'): Run[] {
	if (!line) return [];
	// 'auto': the paragraph takes the direction of its first strong letter (UAX #9, P2–P3).
	const embedding = bidi.getEmbeddingLevels(line, direction === 'auto' ? undefined : direction);
	const order = Array.from({ length: line.length }, (_, i) => i);
	for (const [start, end] of bidi.getReorderSegments(line, embedding)) {
		order.splice(start, end - start + 1, ...order.slice(start, end + 1).reverse());
	}
	const mirrored = bidi.getMirroredCharactersMap(line, embedding.levels);
	const runs: Run[] = [];
	let current: { indices: number[]; level: number } | null = null;
	const flush = () => {
		if (!current) return;
		const rtl = current.level % 2 === 1;
		const chars = current.indices.map((i) => mirrored.get(i) ?? line[i]);
		const text = rtl && STRONG_RTL.test(chars.join('')) ? chars.reverse().join('') : chars.join('');
		runs.push({ text, rtl });
		current = null;
	};
	for (const index of order) {
		const level = embedding.levels[index];
		if (!current || current.level !== level) {
			flush();
			current = { indices: [], level };
		}
		current.indices.push(index);
	}
	flush();
	return runs;
}

/** Splits a paragraph into lines that fit `width` (words, and over-long words by characters). */
export function wrapLines(measure: (text: string) => number, text: string, width: number): string[] {
	const lines: string[] = [];
	for (const paragraph of text.split(/\r?\n/)) {
		let line = '';
		for (const word of paragraph.split(/(?<=\s)/)) {
			if (line && measure((line + word).trimEnd()) > width) {
				lines.push(line.trimEnd());
				line = '';
			}
			if (line || measure(word.trimEnd()) <= width) {
				line += word;
				continue;
			}
			// A word wider than the line ("Organisationsentwicklungsansatzes" in a narrow cell).
			for (const ch of word) {
				if (line && measure(line + ch) > width) {
					lines.push(line);
					line = '';
				}
				line += ch;
			}
		}
		lines.push(line.trimEnd());
	}
	return lines;
}

/** Width of a run as it will be laid out (whole, with the same features). */
export function measurer(doc: Doc): (text: string) => number {
	return (text) => doc.widthOfString(text, { features: FEATURES } as PDFKit.Mixins.TextOptions);
}

export interface TextOptions {
	/** The document's language direction: decides `start`/`end` and the paragraph's default direction. */
	direction: Direction;
	/**
	 * The paragraph's own direction when it is not the document's: `auto` for what people typed
	 * (a German organisation name on an Arabic certificate keeps its full stop at its end).
	 */
	base?: Direction | 'auto';
	/** `start`/`end` follow the direction. Default `start`. */
	align?: 'start' | 'end' | 'center';
	x?: number;
	y?: number;
	/** Default: from x to the right margin. */
	width?: number;
	/** Indent at the start side (the right in right-to-left text). */
	indent?: number;
	/** At most this many lines; the last shown one ends in "…". */
	maxLines?: number;
	/** Extra space between lines, in points. */
	lineGap?: number;
}

/**
 * Writes a paragraph with the current font, size and colour, and moves `doc.y` below it (as
 * `doc.text` does). Returns the height used.
 */
export function writeText(doc: Doc, text: string, options: TextOptions): number {
	const x = options.x ?? doc.page.margins.left;
	const y0 = options.y ?? doc.y;
	const indent = options.indent ?? 0;
	const width = (options.width ?? doc.page.width - doc.page.margins.right - x) - indent;
	const measure = measurer(doc);
	let lines = wrapLines(measure, text, width);
	if (options.maxLines && lines.length > options.maxLines) {
		lines = lines.slice(0, options.maxLines);
		let last = lines[lines.length - 1];
		while (last && measure(`${last}…`) > width) last = [...last].slice(0, -1).join('');
		lines[lines.length - 1] = `${last.trimEnd()}…`;
	}
	const lineHeight = doc.currentLineHeight(true) + (options.lineGap ?? 0);
	const rtl = options.direction === 'rtl';
	const align = options.align ?? 'start';
	let y = y0;
	for (const line of lines) {
		const runs = visualRuns(line, options.base ?? options.direction);
		const total = runs.reduce((sum, r) => sum + measure(r.text), 0);
		const left = x + (rtl ? 0 : indent);
		let cx =
			align === 'center' ? left + (width - total) / 2 : (align === 'start') === !rtl ? left : left + width - total;
		for (const run of runs) {
			doc.text(run.text, cx, y, { lineBreak: false, features: FEATURES } as PDFKit.Mixins.TextOptions);
			cx += measure(run.text);
		}
		y += lineHeight;
	}
	doc.x = x;
	doc.y = y;
	return y - y0;
}

/** The height `writeText` would use, without writing. */
export function textHeight(doc: Doc, text: string, options: Pick<TextOptions, 'width' | 'maxLines' | 'lineGap' | 'indent'> & { width: number }): number {
	const measure = measurer(doc);
	const count = wrapLines(measure, text, options.width - (options.indent ?? 0)).length;
	const lines = options.maxLines ? Math.min(count, options.maxLines) : count;
	return lines * (doc.currentLineHeight(true) + (options.lineGap ?? 0));
}

/**
 * Ends the document. Before the fonts are written, each ligature of a right-to-left script (lam-alef)
 * gets its characters in visual order in the font's ToUnicode map: text extraction (pdf.js, poppler)
 * turns right-to-left text round glyph by glyph, so a ligature mapped in logical order would read
 * back as "األحمد" instead of "الأحمد". pdfkit keeps that map in `unicode` per embedded font.
 */
export function endPdf(doc: Doc): void {
	const families = (doc as unknown as { _fontFamilies?: Record<string, { unicode?: number[][] }> })._fontFamilies ?? {};
	// One font is listed under several names (registered name and PostScript name): each once.
	for (const font of new Set(Object.values(families))) {
		for (const points of font.unicode ?? []) {
			if (points && points.length > 1 && points.every((p) => STRONG_RTL.test(String.fromCodePoint(p)))) points.reverse();
		}
	}
	doc.end();
}
