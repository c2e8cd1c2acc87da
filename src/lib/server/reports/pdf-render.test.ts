/**
 * The certificate as a person sees it: rendered by pdf.js (through unpdf) onto a Skia canvas
 * (@napi-rs/canvas) and checked by its pixels, not only by its text layer (which a reader can
 * rebuild in the right order even from a wrongly drawn page). The PNGs are kept in
 * test-results/pdf/ for a reviewer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import PDFDocument from 'pdfkit';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { getDocumentProxy, renderPageAsImage } from 'unpdf';
import { certificatePdf, type Certificate } from '../registration/certificates.ts';
import { DEMO_LOGO_PNG } from '../settings/demo-logo.ts';
import { pdfFonts } from './fonts.ts';
import { endPdf, writeText } from './pdf-text.ts';

const SCALE = 2;
const OUT = path.resolve('test-results/pdf');

interface Page {
	width: number;
	height: number;
	/** Whether the pixel at (x, y) carries ink (clearly darker than the white paper). */
	ink(x: number, y: number): boolean;
}

async function render(pdf: Buffer, name: string): Promise<Page> {
	const png = Buffer.from(await renderPageAsImage(new Uint8Array(pdf), 1, { canvasImport: () => import('@napi-rs/canvas'), scale: SCALE }));
	fs.mkdirSync(OUT, { recursive: true });
	fs.writeFileSync(path.join(OUT, `${name}.png`), png);
	const image = await loadImage(png);
	const canvas = createCanvas(image.width, image.height);
	const context = canvas.getContext('2d');
	context.drawImage(image, 0, 0);
	const { data } = context.getImageData(0, 0, image.width, image.height);
	return {
		width: image.width,
		height: image.height,
		ink: (x, y) => {
			const i = (y * image.width + x) * 4;
			return data[i] + data[i + 1] + data[i + 2] < 3 * 160;
		}
	};
}

/** Where pdf.js placed a text item (its whole run), in pixels of the rendered page. */
async function itemBox(pdf: Buffer, text: string, size: number) {
	const page = await (await getDocumentProxy(new Uint8Array(pdf))).getPage(1);
	const height = page.getViewport({ scale: 1 }).height;
	const items = (await page.getTextContent()).items as { str: string; transform: number[]; width: number }[];
	// By its words, in any order: a page that drew them in the wrong order must still be found (and fail below).
	const item = items.find((i) => text.split(' ').every((w) => i.str.includes(w)));
	if (!item) throw new Error(`no text item "${text}" in ${JSON.stringify(items.map((i) => i.str))}`);
	const [x, baseline] = [item.transform[4], item.transform[5]];
	return {
		x0: Math.floor(x * SCALE) - 2,
		x1: Math.ceil((x + item.width) * SCALE) + 2,
		y0: Math.floor((height - baseline - size * 1.0) * SCALE),
		y1: Math.ceil((height - baseline + size * 0.45) * SCALE)
	};
}

/** Columns of the box that carry ink, as runs [start, end] (end inclusive), left to right. */
function inkRuns(page: Page, box: { x0: number; x1: number; y0: number; y1: number }, minGap: number): [number, number][] {
	const columns: boolean[] = [];
	for (let x = box.x0; x <= box.x1; x++) {
		let any = false;
		for (let y = box.y0; y <= box.y1 && !any; y++) any = page.ink(x, y);
		columns.push(any);
	}
	const runs: [number, number][] = [];
	let gap = Infinity;
	columns.forEach((on, i) => {
		if (!on) return void gap++;
		if (gap >= minGap || !runs.length) runs.push([i, i]);
		else runs[runs.length - 1][1] = i;
		gap = 0;
	});
	return runs.map(([a, b]) => [a + box.x0, b + box.x0]);
}

/** Whether the glyph in columns [x0, x1] bulges to the left like "(" (its top and bottom lie right of its middle). */
function opensToTheRight(page: Page, x0: number, x1: number, box: { y0: number; y1: number }): boolean {
	const rows: { y: number; minX: number }[] = [];
	for (let y = box.y0; y <= box.y1; y++) {
		for (let x = x0; x <= x1; x++) {
			if (page.ink(x, y)) {
				rows.push({ y, minX: x });
				break;
			}
		}
	}
	const h = rows.length;
	const band = (from: number, to: number) => {
		const part = rows.slice(Math.floor(h * from), Math.ceil(h * to));
		return part.reduce((s, r) => s + r.minX, 0) / part.length;
	};
	return band(0, 0.15) > band(0.4, 0.6) + 1;
}

describe('the Arabic certificate as rendered', () => {
	const cert = { id: 1, registrationId: 1, code: 'abc123', name: 'محمد الأحمد (تجريبي)', itemTitle: 'ورشة عمل لمدة يومين', attended: 2, total: 2, issuedAt: new Date('2027-03-21T09:00:00Z') } as Certificate;
	const context = {
		dates: [new Date('2027-03-19T09:00:00Z'), new Date('2027-03-20T09:00:00Z')],
		attendedSessions: [
			{ startsAt: new Date('2027-03-19T09:00:00Z'), endsAt: new Date('2027-03-19T16:00:00Z') },
			{ startsAt: new Date('2027-03-20T09:00:00Z'), endsAt: new Date('2027-03-20T16:00:00Z') }
		],
		place: 'Köln',
		organisation: 'Verein Brücke e. V.',
		project: 'Digit-Ready III',
		fundingProgramme: 'Bildungsturbo',
		funder: 'Stiftung Beispiel',
		verifyUrl: 'http://localhost:3000/ar/zertifikat/abc123',
		locale: 'ar' as const,
		branding: { name: 'Brückenwerk Bildung e. V. (fiktiver Demo-Träger)', logo: DEMO_LOGO_PNG }
	};
	let pdf: Buffer;
	let page: Page;
	beforeAll(async () => {
		pdf = await certificatePdf(cert, context);
		page = await render(pdf, 'certificate-ar');
	});

	/** A PDF with `text` alone, written like every line (writeText), and its page as rendered. */
	async function alone(text: string, size: number, direction: 'ltr' | 'rtl') {
		const doc = new PDFDocument({ size: 'A4', margin: 50 });
		const chunks: Buffer[] = [];
		doc.on('data', (c: Buffer) => chunks.push(c));
		const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
		doc.font(pdfFonts(doc).bold).fontSize(size);
		writeText(doc, text, { direction, align: 'center' });
		endPdf(doc);
		const single = await done;
		return { pdf: single, page: await render(single, `alone-${direction}-${text.length}`) };
	}

	/** Ink per column of [x0, x1] in the box, resampled to 24 bins and scaled to sum 1. */
	function profile(p: Page, x0: number, x1: number, box: { y0: number; y1: number }): number[] {
		const bins = new Array(24).fill(0);
		for (let x = x0; x <= x1; x++) {
			let n = 0;
			for (let y = box.y0; y <= box.y1; y++) if (p.ink(x, y)) n++;
			bins[Math.min(23, Math.floor(((x - x0) / (x1 - x0 + 1)) * 24))] += n;
		}
		const total = bins.reduce((a, b) => a + b, 0);
		return bins.map((b) => b / total);
	}
	const distance = (a: number[], b: number[]) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0);

	it('draws "شهادة حضور" right to left: the first word at the right, the second at its left', async () => {
		const box = await itemBox(pdf, 'شهادة حضور', 28);
		// Words are separated by the widest gap in the title's ink; the letters of a word are joined.
		const runs = inkRuns(page, box, 10);
		expect(runs.length, JSON.stringify(runs)).toBe(2);
		const [left, right] = runs.map(([a, b]) => profile(page, a, b, box));
		// Each word drawn alone (no ordering to get wrong) is what the halves of the title must look like.
		const words = await Promise.all(
			['شهادة', 'حضور'].map(async (w) => {
				const ref = await alone(w, 28, 'rtl');
				const refBox = await itemBox(ref.pdf, w, 28);
				const [run] = inkRuns(ref.page, refBox, 10);
				return profile(ref.page, run[0], run[1], refBox);
			})
		);
		const [first, second] = words;
		expect(distance(right, first)).toBeLessThan(distance(right, second));
		expect(distance(left, second)).toBeLessThan(distance(left, first));
		expect(distance(right, first)).toBeLessThan(0.25);
		expect(distance(left, second)).toBeLessThan(0.25);
	});

	it('has ink in the title area and the provider\'s logo above it', async () => {
		const box = await itemBox(pdf, 'شهادة حضور', 28);
		let inked = 0;
		for (let y = box.y0; y <= box.y1; y++) for (let x = box.x0; x <= box.x1; x++) if (page.ink(x, y)) inked++;
		expect(inked / ((box.x1 - box.x0) * (box.y1 - box.y0))).toBeGreaterThan(0.08);
		// The logo: a solid block of colour centred above the provider's name, near the top.
		const cx = Math.round(page.width / 2);
		let logoInk = 0;
		for (let y = Math.round(56 * SCALE); y < Math.round(120 * SCALE); y++) if (page.ink(cx - 40, y)) logoInk++;
		expect(logoInk).toBeGreaterThan(40);
	});

	it('draws the brackets of "(تجريبي)" facing the word inside them (mirrored for right to left)', async () => {
		const box = await itemBox(pdf, 'محمد الأحمد', 22);
		const runs = inkRuns(page, box, 2);
		// At the left end of the name, the closing bracket of the logical text, drawn as "(".
		const [leftmost] = runs;
		expect(opensToTheRight(page, leftmost[0], leftmost[1], box)).toBe(true);
		// The check itself tells the two shapes apart: a Latin "(" and ")" drawn alone.
		for (const [bracket, expected] of [['(', true], [')', false]] as const) {
			const ref = await alone(bracket, 22, 'ltr');
			const refBox = await itemBox(ref.pdf, bracket, 22);
			const [run] = inkRuns(ref.page, refBox, 2);
			expect(opensToTheRight(ref.page, run[0], run[1], refBox), bracket).toBe(expected);
		}
	});
});
