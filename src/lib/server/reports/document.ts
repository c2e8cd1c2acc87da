/**
 * The one document style of every PDF the platform writes (certificate, signature list, development
 * plan; later the funder's report and the handbook): A4 with fixed margins and type scale, a title
 * block with the provider's logo and name, the title and a subtitle, and a footer on every page with
 * the provider's name, "Seite 1 von 2" in the document's language and, where the document has one,
 * its verification address. Text goes through `writeText` (pdf-text.ts: bidi, Arabic shaped).
 *
 *   const d = createDocument({ locale, title, subtitle, branding });
 *   d.titleBlock();
 *   d.heading('Ergebnis'); d.paragraph('…');
 *   d.ensureSpace(120);           // a new page (with the title block's small form) when needed
 *   return d.finish();            // footers on every page, then the bytes
 */
import PDFDocument from 'pdfkit';
import * as m from '../../paraglide/messages.js';
import { textDirection, type Locale } from '../../i18n/locales.ts';
import { formatNumber } from '../../programme/dates.ts';
import { pdfFonts } from './fonts.ts';
import { endPdf, measurer, textHeight, wrapLines, writeText, type Direction, type TextOptions } from './pdf-text.ts';

type Doc = InstanceType<typeof PDFDocument>;

/** Who issues the document: the provider from the settings (`documentBranding`). */
export interface DocumentBranding {
	/** Empty: the platform's name. */
	name: string;
	/** PNG or JPEG bytes, already checked when uploaded. */
	logo: Buffer | null;
}

/** Type scale in points: one step per level, the same in every document. */
export const TYPE = { display: 28, title: 20, subtitle: 12, heading: 13, body: 10, small: 8 } as const;
/** Colours: body text black, secondary text a grey with 7:1 on white, rules light. */
export const INK = { text: '#000000', muted: '#444444', rule: '#999999', accent: '#1d4f91' } as const;
/** 2 cm margins in portrait; landscape lists use 1.5 cm to fit their columns. */
const MARGIN = { portrait: 56, landscape: 42 } as const;
/** Height kept free at the bottom for the footer, inside the margin. */
const FOOTER = 30;

export interface DocumentOptions {
	locale: Locale;
	/** The document's title: PDF metadata and the title block. */
	title: string;
	subtitle?: string;
	branding: DocumentBranding | null;
	layout?: 'portrait' | 'landscape';
	/** Printed in every page's footer (certificate: its verification page). */
	verifyUrl?: string;
	/** "Seite 1 von 2" in the footer. Default true. */
	pageNumbers?: boolean;
	/**
	 * The footer on every page. Default true; a certificate leaves it out (one page, to be framed: its
	 * verification QR and address are part of its body).
	 */
	footer?: boolean;
	/** An accent for title and rules (`#rrggbb`); default the platform's. */
	accent?: string;
	/**
	 * A tagged PDF (PDF 1.7, the document's language, its title shown): the caller adds structure
	 * elements (`doc.struct`); header and footer are marked as pagination artifacts. Default false.
	 */
	tagged?: boolean;
	/**
	 * Per page (0-based): a running header (start and end side, in the top margin) and whether the
	 * footer is drawn there (a cover page has none). Default: no header, the footer on every page.
	 */
	decorate?: (page: number) => { header?: { start: string; end: string } | null; footer?: boolean };
}

export interface PdfDocument {
	doc: Doc;
	fonts: { regular: string; bold: string };
	direction: Direction;
	locale: Locale;
	accent: string;
	/** The content area: left and right edges, top, and the lowest y text may reach (above the footer). */
	box: { left: number; right: number; top: number; bottom: number; width: number };
	/**
	 * The title block at the top of the current page: logo at the start side with the provider's name
	 * beside it, a rule, then title and subtitle (overridable). Moves `doc.y` below it.
	 */
	titleBlock(o?: { title?: string; subtitle?: string; align?: 'start' | 'center' }): void;
	heading(text: string): void;
	/** A paragraph in the body size (options as in `writeText`; the document's direction by default). */
	paragraph(text: string, o?: Partial<TextOptions> & { size?: number; font?: 'regular' | 'bold'; color?: string }): void;
	/** Starts a new page when less than `height` is left; returns true when it did. */
	ensureSpace(height: number): boolean;
	addPage(): void;
	/** Writes every page's footer and returns the finished PDF. */
	finish(): Promise<Buffer>;
}

export function createDocument(options: DocumentOptions): PdfDocument {
	const layout = options.layout ?? 'portrait';
	const margin: number = MARGIN[layout];
	const doc = new PDFDocument({
		size: 'A4',
		layout,
		margin,
		bufferPages: true,
		info: { Title: options.title, Author: options.branding?.name || 'Bildungsturbo', Creator: 'Bildungsturbo' },
		...(options.tagged ? { tagged: true, pdfVersion: '1.7' as const, lang: options.locale, displayTitle: true } : {})
	});
	const fonts = pdfFonts(doc);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
	const direction = textDirection(options.locale);
	const rtl = direction === 'rtl';
	const accent = options.accent && /^#[0-9a-f]{6}$/.test(options.accent) ? options.accent : INK.accent;
	const box = {
		left: margin,
		right: doc.page.width - margin,
		top: margin,
		bottom: doc.page.height - margin - FOOTER,
		width: doc.page.width - 2 * margin
	};
	const providerName = options.branding?.name || 'Bildungsturbo';
	const o = { locale: options.locale };

	const d: PdfDocument = {
		doc,
		fonts,
		direction,
		locale: options.locale,
		accent,
		box,
		titleBlock(t = {}) {
			const align = t.align ?? 'start';
			const centred = align === 'center';
			const logoSize = centred ? 64 : 44;
			const top = box.top;
			const logo = options.branding?.logo ?? null;
			doc.font(fonts.bold).fontSize(TYPE.subtitle).fillColor(INK.text);
			let ruleY: number;
			if (centred) {
				// Logo above the name, both centred (the certificate).
				if (logo) doc.image(logo, box.left + (box.width - logoSize) / 2, top, { fit: [logoSize, logoSize], align: 'center', valign: 'center' });
				const nameY = logo ? top + logoSize + 8 : top;
				writeText(doc, providerName, { direction, base: 'auto', x: box.left, y: nameY, width: box.width, align: 'center', maxLines: 2 });
				ruleY = doc.y + 6;
				doc.moveTo(box.left + box.width / 3, ruleY).lineTo(box.right - box.width / 3, ruleY).lineWidth(1.5).strokeColor(accent).stroke();
			} else {
				// Logo at the start side, the name beside it.
				let nameX = box.left;
				let nameWidth = box.width;
				if (logo) {
					doc.image(logo, rtl ? box.right - logoSize : box.left, top, { fit: [logoSize, logoSize], align: rtl ? 'right' : undefined, valign: 'center' });
					nameWidth = box.width - logoSize - 12;
					nameX = rtl ? box.left : box.left + logoSize + 12;
				}
				const nameHeight = textHeight(doc, providerName, { width: nameWidth, maxLines: 2 });
				const blockHeight = logo ? logoSize : nameHeight;
				writeText(doc, providerName, { direction, base: 'auto', x: nameX, y: top + Math.max(0, (blockHeight - nameHeight) / 2), width: nameWidth, maxLines: 2 });
				ruleY = top + Math.max(blockHeight, nameHeight) + 10;
				doc.moveTo(box.left, ruleY).lineTo(box.right, ruleY).lineWidth(1.5).strokeColor(accent).stroke();
			}
			doc.y = ruleY + 18;
			const title = t.title ?? options.title;
			const subtitle = t.subtitle ?? options.subtitle;
			if (title) {
				doc.font(fonts.bold).fontSize(TYPE.title).fillColor(accent);
				writeText(doc, title, { direction, x: box.left, width: box.width, align });
			}
			if (subtitle) {
				doc.moveDown(0.2);
				doc.font(fonts.regular).fontSize(TYPE.subtitle).fillColor(INK.muted);
				writeText(doc, subtitle, { direction, base: 'auto', x: box.left, width: box.width, align });
			}
			doc.fillColor(INK.text);
			doc.moveDown(0.8);
		},
		heading(text) {
			doc.font(fonts.bold).fontSize(TYPE.heading);
			d.ensureSpace(doc.currentLineHeight(true) * 3);
			doc.moveDown(0.4);
			doc.fillColor(accent);
			writeText(doc, text, { direction, x: box.left, width: box.width });
			doc.fillColor(INK.text).moveDown(0.2);
		},
		paragraph(text, p = {}) {
			doc.font(p.font === 'bold' ? fonts.bold : fonts.regular).fontSize(p.size ?? TYPE.body).fillColor(p.color ?? INK.text);
			const x = p.x ?? box.left;
			const width = p.width ?? box.right - x;
			// Line by line, so a long paragraph continues on the next page instead of running off this one.
			const lines = wrapLines(measurer(doc), text, width - (p.indent ?? 0)).slice(0, p.maxLines ?? Infinity);
			const lineHeight = doc.currentLineHeight(true) + (p.lineGap ?? 0);
			if (p.maxLines && lines.length === p.maxLines) {
				d.ensureSpace(lineHeight * lines.length);
				writeText(doc, text, { direction, ...p, x, width });
			} else {
				for (const line of lines) {
					d.ensureSpace(lineHeight);
					writeText(doc, line, { direction, ...p, x, width, y: doc.y });
				}
			}
			doc.fillColor(INK.text);
		},
		ensureSpace(height) {
			if (doc.y + height <= box.bottom) return false;
			d.addPage();
			return true;
		},
		addPage() {
			doc.addPage();
			doc.x = box.left;
			doc.y = box.top;
		},
		async finish() {
			const range = doc.bufferedPageRange();
			for (let i = range.start; i < range.start + range.count; i++) {
				const decoration = options.decorate?.(i - range.start) ?? {};
				const header = decoration.header ?? null;
				if ((options.footer === false || decoration.footer === false) && !header) continue;
				doc.switchToPage(i);
				if (options.tagged) doc.markContent('Artifact', { type: 'Pagination' });
				if (header) {
					// In the top margin: the document at the start side, the part (chapter) at the end side.
					const hy = margin - 26;
					doc.font(fonts.regular).fontSize(TYPE.small).fillColor(INK.muted);
					writeText(doc, header.start, { direction, base: 'auto', x: rtl ? box.left + box.width * 0.5 : box.left, y: hy, width: box.width * 0.48, maxLines: 1 });
					writeText(doc, header.end, { direction, base: 'auto', x: rtl ? box.left : box.left + box.width * 0.52, y: hy, width: box.width * 0.48, align: 'end', maxLines: 1 });
					doc.moveTo(box.left, hy + 12).lineTo(box.right, hy + 12).lineWidth(0.5).strokeColor(INK.rule).stroke();
				}
				if (options.footer === false || decoration.footer === false) {
					if (options.tagged) doc.endMarkedContent();
					continue;
				}
				// Footers sit in the bottom margin: lift the margin so pdfkit does not break the page.
				const bottomMargin = doc.page.margins.bottom;
				doc.page.margins.bottom = 0;
				const y = doc.page.height - margin - FOOTER + 8;
				doc.moveTo(box.left, y - 4).lineTo(box.right, y - 4).lineWidth(0.5).strokeColor(INK.rule).stroke();
				doc.font(fonts.regular).fontSize(TYPE.small).fillColor(INK.muted);
				writeText(doc, providerName, { direction, base: 'auto', x: rtl ? box.left + box.width * 0.4 : box.left, y, width: box.width * 0.6, align: 'start', maxLines: 1 });
				if (options.pageNumbers !== false) {
					const page = m.doc_page_of({ page: formatNumber(i - range.start + 1, options.locale), pages: formatNumber(range.count, options.locale) }, o);
					writeText(doc, page, { direction, x: box.left, y, width: box.width, align: 'end' });
				}
				if (options.verifyUrl) writeText(doc, options.verifyUrl, { direction: 'ltr', x: box.left, y: y + 11, width: box.width, align: 'center', maxLines: 1 });
				doc.page.margins.bottom = bottomMargin;
				if (options.tagged) doc.endMarkedContent();
			}
			endPdf(doc);
			return done;
		}
	};
	return d;
}
