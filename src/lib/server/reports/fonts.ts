import { createRequire } from 'node:module';
import type PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);

/**
 * DejaVu Sans (from the dejavu-fonts-ttf package): PDF's built-in fonts only know Western European
 * letters, but names here are Turkish, Kurdish, Polish, Russian, Ukrainian, Arabic, …
 */
export function pdfFonts(doc: InstanceType<typeof PDFDocument>) {
	doc.registerFont('regular', require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
	doc.registerFont('bold', require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'));
	return { regular: 'regular', bold: 'bold' };
}
