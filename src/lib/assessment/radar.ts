/**
 * A radar (spider) chart as plain SVG, rendered on the server: no JavaScript, prints well, scales.
 * Values are levels 0–4 per axis; null draws at the centre and is marked as missing. The chart has
 * a title and description for screen readers; pages show the same numbers as a table next to it.
 */
export interface RadarSeries {
	name: string;
	values: (number | null)[];
	/** CSS colour and whether to draw dashed (targets). */
	color: string;
	dashed?: boolean;
}

export interface RadarOptions {
	axes: string[];
	series: RadarSeries[];
	title: string;
	description: string;
	size?: number;
	max?: number;
	/** Reading direction: in right-to-left pages axes run counter-clockwise. */
	rtl?: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/**
 * Where axis `i` at value `v` lies, for a chart of `n` axes centred on (cx, cy): one geometry for the
 * SVG on pages and the vector drawing in PDFs (src/lib/server/reports/pdf-radar.ts).
 */
export function radarPoint(n: number, cx: number, cy: number, radius: number, max: number, rtl = false) {
	const angle = (i: number) => -Math.PI / 2 + ((rtl ? -1 : 1) * 2 * Math.PI * i) / n;
	return (i: number, v: number): [number, number] => [cx + Math.cos(angle(i)) * radius * (v / max), cy + Math.sin(angle(i)) * radius * (v / max)];
}

export function radarSvg(o: RadarOptions): string {
	const size = o.size ?? 360;
	const max = o.max ?? 4;
	// Extra room left and right for labels, which are wrapped to a few short lines.
	const pad = size * 0.3;
	const width = size + 2 * pad;
	const cx = width / 2;
	const c = size / 2;
	const radius = size * 0.34;
	const point = radarPoint(o.axes.length, cx, c, radius, max, o.rtl);
	const id = `radar-${Math.abs(hash(o.title + o.axes.join()))}`;
	const rings = Array.from({ length: max }, (_, k) => {
		const pts = o.axes.map((_, i) => point(i, k + 1).map(fmt).join(',')).join(' ');
		return `<polygon points="${pts}" fill="none" stroke="#c9d1da" stroke-width="1"/>`;
	}).join('');
	const spokes = o.axes
		.map((_, i) => {
			const [x, y] = point(i, max);
			return `<line x1="${fmt(cx)}" y1="${fmt(c)}" x2="${fmt(x)}" y2="${fmt(y)}" stroke="#c9d1da" stroke-width="1"/>`;
		})
		.join('');
	// Two label sets: the names for wide screens, and on phones (where the chart is ~330 px wide and
	// names would be 6 px high) large axis numbers that match the numbered rows of the table below.
	const labels = o.axes
		.map((label, i) => {
			const [x, y] = point(i, max + 0.45);
			const anchor = Math.abs(x - cx) < 4 ? 'middle' : x > cx ? 'start' : 'end';
			const lines = wrap(label, 18);
			const first = y - ((lines.length - 1) * 13) / 2;
			const spans = lines.map((line, k) => `<tspan x="${fmt(x)}" y="${fmt(first + k * 13)}">${esc(line)}</tspan>`).join('');
			const [nx, ny] = point(i, max + 0.35);
			return (
				`<text class="radar-name" text-anchor="${anchor}" dominant-baseline="middle" font-size="11">${spans}</text>` +
				`<text class="radar-number" x="${fmt(nx)}" y="${fmt(ny)}" text-anchor="middle" dominant-baseline="middle" font-size="26" font-weight="700"><title>${esc(label)}</title>${i + 1}</text>`
			);
		})
		.join('');
	const shapes = o.series
		.map((s) => {
			const pts = s.values.map((v, i) => point(i, v ?? 0).map(fmt).join(',')).join(' ');
			const dots = s.values
				.map((v, i) => {
					const [x, y] = point(i, v ?? 0);
					return v === null ? '' : `<circle cx="${fmt(x)}" cy="${fmt(y)}" r="3" fill="${esc(s.color)}"/>`;
				})
				.join('');
			return `<polygon points="${pts}" fill="${esc(s.color)}" fill-opacity="${s.dashed ? 0 : 0.18}" stroke="${esc(s.color)}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>${dots}`;
		})
		.join('');
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" class="radar" viewBox="0 0 ${fmt(width)} ${size}" width="100%" role="img" aria-labelledby="${id}-t ${id}-d">` +
		`<title id="${id}-t">${esc(o.title)}</title><desc id="${id}-d">${esc(o.description)}</desc>` +
		rings + spokes + shapes + labels +
		`</svg>`
	);
}

/** Splits a label into lines of at most about `width` characters, at spaces. */
function wrap(label: string, width: number): string[] {
	const lines: string[] = [];
	for (const word of label.split(/\s+/)) {
		const last = lines[lines.length - 1];
		if (last !== undefined && (last + ' ' + word).length <= width) lines[lines.length - 1] = `${last} ${word}`;
		else lines.push(word);
	}
	return lines;
}

function hash(s: string): number {
	let h = 0;
	for (const ch of s) h = (h * 31 + ch.codePointAt(0)!) | 0;
	return h;
}
