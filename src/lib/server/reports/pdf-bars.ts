/**
 * A horizontal bar chart drawn as vectors into a document (document.ts), the PDF twin of the report
 * page's SVG (src/lib/reports/bar-chart.ts): a label at the start of each row (through writeText in
 * the document's direction, so "2 ورشة …" keeps its number first and the Arabic shaped and in order), bars from one baseline, the value after each bar; an
 * optional reference line (100 % of the plan). The table next to it carries the same numbers.
 */
import { INK, TYPE, type PdfDocument } from './document.ts';
import { writeText } from './pdf-text.ts';

export interface PdfBars {
	title: string;
	bars: { label: string; value: number }[];
	format: (value: number) => string;
	/** A dashed line across the bars at this value (e.g. 100 for "as planned"). */
	reference?: { value: number; label: string };
	color?: string;
}

const ROW = 18;

export function drawBars(d: PdfDocument, chart: PdfBars): void {
	const { doc, fonts, box } = d;
	if (!chart.bars.length) return;
	const rtl = d.direction === 'rtl';
	const labelWidth = box.width * 0.36;
	const valueWidth = 52;
	const area = box.width - labelWidth - valueWidth - 8;
	const max = Math.max(1e-9, ...chart.bars.map((b) => b.value), chart.reference?.value ?? 0);
	const color = chart.color ?? d.accent;
	doc.font(fonts.bold).fontSize(TYPE.body);
	d.ensureSpace(doc.currentLineHeight(true) + ROW * Math.min(chart.bars.length, 4) + 8);
	writeText(doc, chart.title, { direction: d.direction, x: box.left, width: box.width });
	doc.moveDown(0.3);
	// Bars grow from the baseline towards the end side.
	const baseline = rtl ? box.right - labelWidth - 4 : box.left + labelWidth + 4;
	const at = (value: number) => (rtl ? baseline - (value / max) * area : baseline + (value / max) * area);
	let top = doc.y;
	const drawn: { top: number; bottom: number }[] = [];
	let segment = { top, bottom: top };
	doc.font(fonts.regular).fontSize(TYPE.small + 1);
	for (const bar of chart.bars) {
		if (d.ensureSpace(ROW)) {
			drawn.push(segment);
			top = doc.y;
			segment = { top, bottom: top };
			doc.font(fonts.regular).fontSize(TYPE.small + 1);
		}
		const y = doc.y;
		const end = at(Math.max(0, bar.value));
		doc.rect(Math.min(baseline, end), y + 3, Math.abs(end - baseline), ROW - 6).fill(color);
		doc.fillColor(INK.text);
		writeText(doc, bar.label, { direction: d.direction, x: rtl ? box.right - labelWidth : box.left, y: y + 4, width: labelWidth - 4, maxLines: 1 });
		const value = chart.format(bar.value);
		writeText(doc, value, { direction: 'ltr', x: rtl ? end - valueWidth - 4 : end + 4, y: y + 4, width: valueWidth, align: rtl ? 'end' : 'start', maxLines: 1 });
		doc.y = y + ROW;
		segment.bottom = doc.y;
	}
	drawn.push(segment);
	doc.save().lineWidth(0.8).strokeColor(INK.muted);
	for (const s of drawn) doc.moveTo(baseline, s.top).lineTo(baseline, s.bottom).stroke();
	if (chart.reference) {
		const x = at(chart.reference.value);
		doc.dash(3, { space: 2 }).strokeColor(INK.text);
		for (const s of drawn) doc.moveTo(x, s.top).lineTo(x, s.bottom).stroke();
		doc.undash();
	}
	doc.restore();
	if (chart.reference) {
		doc.font(fonts.regular).fontSize(TYPE.small).fillColor(INK.muted);
		writeText(doc, chart.reference.label, { direction: d.direction, x: box.left, width: box.width });
		doc.fillColor(INK.text);
	}
	doc.x = box.left;
	doc.moveDown(0.8);
}
