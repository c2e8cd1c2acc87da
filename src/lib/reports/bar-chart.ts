/**
 * A horizontal bar chart as plain SVG, rendered on the server (no JavaScript, prints, scales), for the
 * funder report. Like the radar chart (assessment/radar.ts) it carries a title and a description for
 * screen readers, and pages show the same numbers in a table next to it. Labels start each row; bars
 * grow from a common baseline; the value is written at the end of each bar.
 */
export interface BarOptions {
	title: string;
	description: string;
	bars: { label: string; value: number }[];
	/** The value as shown ("12,5"), in the page's language. */
	format: (value: number) => string;
	color?: string;
	rtl?: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (n: number) => (Math.round(n * 10) / 10).toString();
const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** A stable id per chart (its title), so titles and descriptions are found by aria-labelledby. */
function idOf(title: string): string {
	let h = 0;
	for (const ch of title) h = (Math.imul(31, h) + ch.codePointAt(0)!) | 0;
	return `bars-${Math.abs(h)}`;
}

export function barChartSvg(o: BarOptions): string {
	const row = 26;
	const labelWidth = 250;
	const barArea = 300;
	const valueWidth = 70;
	const width = labelWidth + barArea + valueWidth;
	const height = Math.max(1, o.bars.length) * row + 8;
	const max = Math.max(0, ...o.bars.map((b) => b.value));
	const id = idOf(o.title);
	const color = o.color ?? '#0b5cad';
	const rows = o.bars
		.map((b, i) => {
			const y = 4 + i * row;
			const length = max > 0 ? (b.value / max) * barArea : 0;
			const label = cut(b.label, 36);
			const labelX = o.rtl ? width - 4 : 4;
			const barX = o.rtl ? width - labelWidth - length : labelWidth;
			const valueX = o.rtl ? width - labelWidth - length - 6 : labelWidth + length + 6;
			const anchor = o.rtl ? 'end' : 'start';
			return (
				`<text x="${labelX}" y="${fmt(y + row / 2 + 5)}" text-anchor="${anchor}" font-size="11" fill="#1a1a1a">${esc(label)}</text>` +
				`<rect x="${fmt(barX)}" y="${y + 4}" width="${fmt(length)}" height="${row - 10}" fill="${color}"/>` +
				`<text x="${fmt(valueX)}" y="${fmt(y + row / 2 + 5)}" text-anchor="${o.rtl ? 'end' : 'start'}" font-size="13" fill="#1a1a1a">${esc(o.format(b.value))}</text>`
			);
		})
		.join('');
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-t ${id}-d" style="max-width:${width}px;height:auto">` +
		`<title id="${id}-t">${esc(o.title)}</title><desc id="${id}-d">${esc(o.description)}</desc>` +
		`<line x1="${o.rtl ? width - labelWidth : labelWidth}" y1="0" x2="${o.rtl ? width - labelWidth : labelWidth}" y2="${height}" stroke="#767676" stroke-width="1"/>` +
		rows +
		`</svg>`
	);
}
