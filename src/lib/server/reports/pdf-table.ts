/**
 * A table in a document (document.ts): a shaded header row, rules between rows, cells wrapped to
 * their column (every cell through writeText: Arabic shaped and in order), numbers aligned at the
 * end; a row that does not fit starts a new page, which repeats the header row. Columns take their
 * natural width, the widest capped, scaled to the content width.
 */
import { INK, TYPE, type PdfDocument } from './document.ts';
import { measurer, wrapLines, writeText } from './pdf-text.ts';

export interface PdfTable {
	header: string[];
	rows: string[][];
	/** Per column; default `start`. Numbers: `end`. */
	align?: ('start' | 'end')[];
	/** Relative minimum share of a column that holds long text (e.g. an item's title). */
	wide?: number[];
}

const PAD = 4;

/**
 * Column widths: each column at least its longest word (header words wrap only between words), the
 * room left shared by how much more each would take on one line. When even the longest words do not
 * fit, the type steps down (9 → 7 pt) before words break.
 */
function layout(d: PdfDocument, t: PdfTable): { size: number; widths: number[] } {
	const { doc, fonts, box } = d;
	const longestWord = (s: string, measure: (s: string) => number) => Math.max(0, ...s.split(/\s+/).map((w) => measure(w)));
	let fallback: { size: number; widths: number[] } | null = null;
	for (const size of [TYPE.body - 1, TYPE.body - 2, TYPE.body - 3]) {
		// measurer() measures with the font current at each call: set it for each.
		const bold = (text: string) => measurer(doc.font(fonts.bold).fontSize(size))(text);
		const regular = (text: string) => measurer(doc.font(fonts.regular).fontSize(size))(text);
		const cells = (c: number) => t.rows.map((r) => r[c] ?? '');
		const min = t.header.map((h, c) => Math.max(longestWord(h, bold), ...cells(c).map((v) => longestWord(v, regular))) + 2 * PAD);
		const natural = t.header.map((h, c) => {
			const value = Math.max(0, ...cells(c).map((v) => regular(v)));
			return Math.max(min[c], bold(h) + 2 * PAD, (t.wide?.includes(c) ? Math.min(value, box.width * 0.45) : value) + 2 * PAD);
		});
		const sumMin = min.reduce((a, b) => a + b, 0);
		const sumNatural = natural.reduce((a, b) => a + b, 0);
		if (sumNatural <= box.width) return { size, widths: natural.map((w) => (w / sumNatural) * box.width) };
		if (sumMin <= box.width) {
			// The wide columns (titles) get their one-line width first, the others share what is left.
			let spare = box.width - sumMin;
			const widths = [...min];
			for (const c of t.wide ?? []) {
				const add = Math.min(spare, natural[c] - min[c]);
				widths[c] += add;
				spare -= add;
			}
			const want = widths.reduce((sum, w, c) => sum + (natural[c] - w), 0);
			return { size, widths: widths.map((w, c) => (want > 0 ? w + ((natural[c] - w) / want) * spare : w)) };
		}
		fallback = { size, widths: min.map((w) => (w / sumMin) * box.width) };
	}
	return fallback!;
}

export function drawTable(d: PdfDocument, t: PdfTable): void {
	const { doc, fonts, box } = d;
	const columns = t.header.length;
	if (!columns) return;
	const { size, widths } = layout(d, t);
	const rtl = d.direction === 'rtl';
	const lefts: number[] = [];
	let edge = rtl ? box.right : box.left;
	for (const w of widths) {
		if (rtl) edge -= w;
		lefts.push(edge);
		if (!rtl) edge += w;
	}
	doc.font(fonts.regular).fontSize(size);
	const lineHeight = doc.currentLineHeight(true);
	const row = (cells: string[], head: boolean) => {
		doc.font(head ? fonts.bold : fonts.regular).fontSize(size);
		const m = measurer(doc);
		const height = Math.max(...cells.map((text, c) => wrapLines(m, text, widths[c] - 2 * PAD).length)) * lineHeight + 2 * PAD;
		if (d.ensureSpace(height) && !head) row(t.header, true);
		doc.font(head ? fonts.bold : fonts.regular).fontSize(size);
		const y = doc.y;
		if (head) doc.rect(box.left, y, box.width, height).fill('#eef1f5');
		doc.moveTo(box.left, y + height).lineTo(box.right, y + height).lineWidth(0.5).strokeColor(INK.rule).stroke();
		doc.fillColor(INK.text);
		cells.forEach((text, c) => {
			writeText(doc, text, { direction: d.direction, base: 'auto', x: lefts[c] + PAD, y: y + PAD, width: widths[c] - 2 * PAD, align: t.align?.[c] ?? 'start' });
		});
		doc.x = box.left;
		doc.y = y + height;
	};
	d.ensureSpace(lineHeight * 4);
	row(t.header, true);
	for (const r of t.rows) row(Array.from({ length: columns }, (_, c) => r[c] ?? ''), false);
	doc.moveDown(0.8);
}
