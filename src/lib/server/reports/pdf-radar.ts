/**
 * The radar chart drawn as vectors into a PDF (pdfkit), with the same geometry as the SVG on the
 * result page (radarPoint): rings per level, spokes, one filled shape per series, dashed targets,
 * and axis numbers that match the numbered list printed next to it.
 */
import type PDFDocument from 'pdfkit';
import { radarPoint, type RadarSeries } from '../../assessment/radar.ts';

type Doc = InstanceType<typeof PDFDocument>;

export function drawRadar(doc: Doc, o: { x: number; y: number; size: number; axes: number; series: RadarSeries[]; max?: number; rtl?: boolean; font: string }): void {
	const max = o.max ?? 4;
	const radius = o.size * 0.4;
	const point = radarPoint(o.axes, o.x + o.size / 2, o.y + o.size / 2, radius, max, o.rtl);
	const polygon = (pts: [number, number][]) => {
		doc.moveTo(...pts[0]);
		for (const p of pts.slice(1)) doc.lineTo(...p);
		doc.closePath();
	};
	const axes = Array.from({ length: o.axes }, (_, i) => i);
	doc.save().lineWidth(0.6).strokeColor('#c9d1da');
	for (let level = 1; level <= max; level++) {
		polygon(axes.map((i) => point(i, level)));
		doc.stroke();
	}
	for (const i of axes) doc.moveTo(...point(i, 0)).lineTo(...point(i, max)).stroke();
	for (const s of o.series) {
		polygon(axes.map((i) => point(i, s.values[i] ?? 0)));
		if (s.dashed) doc.lineWidth(1.5).dash(5, { space: 3 }).strokeColor(s.color).stroke().undash();
		else doc.lineWidth(1.5).fillOpacity(0.18).fillAndStroke(s.color, s.color).fillOpacity(1);
	}
	doc.font(o.font).fontSize(10).fillColor('#1b1f24');
	for (const i of axes) {
		const [nx, ny] = point(i, max + 0.45);
		const label = String(i + 1);
		const w = doc.widthOfString(label);
		doc.text(label, nx - w / 2, ny - 5, { lineBreak: false });
	}
	doc.restore();
}
