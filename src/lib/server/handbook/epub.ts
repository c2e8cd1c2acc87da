/**
 * The handbook as EPUB 3, assembled with fflate: `mimetype` first and stored, META-INF/container.xml,
 * OEBPS/package.opf (identifier, title, dc:language, dc:rights with the licence, dcterms:modified,
 * the licence's address), nav.xhtml (the table of contents), a title page with the licence, one XHTML
 * file per chapter (lang, dir="rtl" where the chapter is right to left), its images as manifest items
 * and a small stylesheet. Markdown goes through marked with a renderer that writes XHTML (void
 * elements closed, no raw HTML, no entities XML does not know); radar charts are inline SVG
 * (assessment/radar.ts) with their numbers as a table.
 */
import { createHash } from 'node:crypto';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { Marked, type Tokens } from 'marked';
import * as m from '../../paraglide/messages.js';
import { languageName, textDirection } from '../../i18n/locales.ts';
import { formatDate, formatNumber, localDate } from '../../programme/dates.ts';
import { radarSvg } from '../../assessment/radar.ts';
import type { HandbookDocument } from './content.ts';
import { findImage, imageExtension, licenceName, radarData, type HandbookChapter } from './outputs.ts';

/** Image types every EPUB 3 reader shows (core media types). */
const CORE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml']);
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const NAMED_CODES: Record<string, number> = { nbsp: 160, shy: 173, ndash: 8211, mdash: 8212, hellip: 8230, copy: 169, reg: 174, laquo: 171, raquo: 187, bdquo: 8222, ldquo: 8220, rdquo: 8221, lsquo: 8216, rsquo: 8217, euro: 8364 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** HTML that marked wrote, made XML: named references other than XML's five as numbers (or as text). */
function xmlSafe(html: string): string {
	return html.replace(/&([a-z][a-z0-9]*);/gi, (whole, name: string) => {
		if (XML_ENTITIES.has(name)) return whole;
		const code = NAMED_CODES[name.toLowerCase()];
		return code ? `&#${code};` : `&amp;${name};`;
	});
}

interface EpubImage {
	id: string;
	href: string;
	contentType: string;
	bytes: Uint8Array;
}

const STYLE = `body { font-family: sans-serif; line-height: 1.5; margin: 0 5%; }
h1 { font-size: 1.6em; color: #1d4f91; border-bottom: 2px solid #1d4f91; padding-bottom: .2em; }
h2 { font-size: 1.3em; color: #1d4f91; } h3, h4, h5, h6 { font-size: 1.1em; }
table { border-collapse: collapse; margin: 1em 0; } th, td { border: 1px solid #999; padding: .25em .5em; text-align: start; }
th { background: #eef1f5; } img { max-width: 100%; height: auto; } figure { margin: 1em 0; text-align: center; }
figcaption { font-size: .9em; color: #444; } pre { white-space: pre-wrap; font-size: .9em; background: #f4f4f4; padding: .5em; }
blockquote { border-inline-start: 3px solid #999; margin-inline-start: 0; padding-inline-start: 1em; color: #333; }
.cover { text-align: center; margin-top: 15%; } .cover h1 { border: none; font-size: 2em; } .licence { margin-top: 3em; font-size: .9em; }
.radar { max-width: 30em; display: block; margin: 0 auto; } .radar .radar-number { display: none; }
nav ol { list-style: none; padding-inline-start: 0; } nav li { margin: .4em 0; }
`;

export interface HandbookEpubOptions {
	/** The modification instant when the handbook has no publication date. */
	now: Date;
}

export function handbookEpub(hb: HandbookDocument, options: HandbookEpubOptions): Uint8Array {
	const lang = hb.language;
	const o = { locale: lang };
	const bookDir = textDirection(lang);
	const licence = m.handbook_out_licence({ licence: licenceName(hb.licence), url: hb.licenceUrl }, o);
	const modified = (hb.publishedAt ? new Date(hb.publishedAt) : options.now).toISOString().replace(/\.\d{3}Z$/, 'Z');
	const images: EpubImage[] = [];

	const page = (title: string, dir: 'ltr' | 'rtl', body: string, language: string = lang) =>
		`<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${language}" xml:lang="${language}" dir="${dir}">\n<head>\n<meta charset="UTF-8" />\n<title>${esc(title)}</title>\n<link rel="stylesheet" type="text/css" href="style.css" />\n</head>\n<body>\n${body}\n</body>\n</html>\n`;

	const titlePage = page(
		hb.title,
		bookDir,
		`<section class="cover" epub:type="titlepage">\n<h1>${esc(hb.title)}</h1>\n${hb.subtitle ? `<p class="subtitle">${esc(hb.subtitle)}</p>\n` : ''}${hb.provider ? `<p>${esc(m.handbook_out_published_by({ provider: hb.provider }, o))}</p>\n` : ''}` +
			(hb.publishedAt ? `<p>${esc(m.handbook_out_published_on({ date: formatDate(localDate(new Date(hb.publishedAt)), lang) }, o))}</p>\n` : '') +
			(hb.fallbackLanguage ? `<p>${esc(m.handbook_out_fallback({ language: languageName(hb.fallbackLanguage, lang) }, o))}</p>\n` : '') +
			`<p class="licence">${esc(licence).replace(esc(hb.licenceUrl), `<a href="${esc(hb.licenceUrl)}">${esc(hb.licenceUrl)}</a>`)}</p>\n</section>`
	);

	const chapters = hb.chapters.map((chapter, index) => {
		const { html, svg } = chapterBody(chapter, index, images, lang);
		const file = `chapter-${index + 1}.xhtml`;
		const body = `<section epub:type="chapter" aria-labelledby="chapter-title">\n<h1 id="chapter-title">${esc(chapter.title)}</h1>\n${html}\n</section>`;
		return { file, svg, xhtml: page(chapter.title, chapter.dir, body, chapter.lang ?? lang), chapter };
	});

	const contents = m.handbook_out_contents({}, o);
	const nav = page(
		contents,
		bookDir,
		`<nav epub:type="toc" id="toc">\n<h1>${esc(contents)}</h1>\n<ol>\n${chapters.map((c) => `<li><a href="${c.file}" dir="${c.chapter.dir}">${esc(c.chapter.title)}</a></li>`).join('\n')}\n</ol>\n</nav>`
	);

	const identifier = uuid(`${hb.projectSlug}|${lang}|${hb.publishedAt ?? ''}`);
	const opf = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="${lang}" dir="${bookDir}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">urn:uuid:${identifier}</dc:identifier>
<dc:title>${esc(hb.title)}</dc:title>
<dc:language>${lang}</dc:language>
${hb.provider ? `<dc:creator>${esc(hb.provider)}</dc:creator>\n<dc:publisher>${esc(hb.provider)}</dc:publisher>\n` : ''}${hb.publishedAt ? `<dc:date>${localDate(new Date(hb.publishedAt))}</dc:date>\n` : ''}${hb.subtitle ? `<dc:description>${esc(hb.subtitle)}</dc:description>\n` : ''}<dc:rights>${esc(licence)}</dc:rights>
<meta property="dcterms:license">${esc(hb.licenceUrl)}</meta>
<meta property="dcterms:modified">${modified}</meta>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="style" href="style.css" media-type="text/css"/>
<item id="title" href="title.xhtml" media-type="application/xhtml+xml"/>
${chapters.map((c, i) => `<item id="chapter-${i + 1}" href="${c.file}" media-type="application/xhtml+xml"${c.svg ? ' properties="svg"' : ''}/>`).join('\n')}
${images.map((img) => `<item id="${img.id}" href="${img.href}" media-type="${esc(img.contentType)}"/>`).join('\n')}
</manifest>
<spine page-progression-direction="${bookDir}">
<itemref idref="title"/>
<itemref idref="nav"/>
${chapters.map((_, i) => `<itemref idref="chapter-${i + 1}"/>`).join('\n')}
</spine>
</package>
`;

	const container = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
`;
	// Insertion order is the archive's order: mimetype must come first, uncompressed.
	const files: Zippable = {
		mimetype: [strToU8('application/epub+zip'), { level: 0 }],
		'META-INF/container.xml': strToU8(container),
		'OEBPS/package.opf': strToU8(opf),
		'OEBPS/nav.xhtml': strToU8(nav),
		'OEBPS/style.css': strToU8(STYLE),
		'OEBPS/title.xhtml': strToU8(titlePage)
	};
	for (const c of chapters) files[`OEBPS/${c.file}`] = strToU8(c.xhtml);
	for (const img of images) files[`OEBPS/${img.href}`] = [img.bytes, { level: 0 }];
	return zipSync(files, { level: 9, mtime: new Date(modified) });
}

/** A chapter's Markdown (and charts) as XHTML; the images it shows join `images`. */
function chapterBody(chapter: HandbookChapter, index: number, images: EpubImage[], lang: HandbookDocument['language']): { html: string; svg: boolean } {
	const used = new Map<string, EpubImage>();
	const marked = new Marked({
		gfm: true,
		renderer: {
			html: () => '',
			br: () => '<br />',
			hr: () => '<hr />\n',
			heading(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, t: Tokens.Heading) {
				const level = Math.min(6, t.depth + 1);
				return `<h${level}>${this.parser.parseInline(t.tokens)}</h${level}>\n`;
			},
			checkbox: ({ checked }: Tokens.Checkbox) => `<input type="checkbox" disabled="disabled"${checked ? ' checked="checked"' : ''} /> `,
			tablecell(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, t: Tokens.TableCell) {
				const tag = t.header ? 'th' : 'td';
				const align = t.align ? ` style="text-align: ${t.align}"` : '';
				return `<${tag}${align}>${this.parser.parseInline(t.tokens)}</${tag}>\n`;
			},
			link(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, t: Tokens.Link) {
				const text = this.parser.parseInline(t.tokens);
				return /^(https?:|mailto:)/i.test(t.href) ? `<a href="${esc(t.href)}">${text}</a>` : text;
			},
			image({ href, text }: Tokens.Image) {
				const image = findImage(chapter, href);
				if (!image || !CORE_IMAGES.has(image.contentType)) return `<span class="image-missing">${esc(text)}</span>`;
				let entry = used.get(image.id);
				if (!entry) {
					const safe = image.id.replace(/[^A-Za-z0-9_-]/g, '-');
					entry = { id: `img-${index + 1}-${safe}`, href: `images/chapter-${index + 1}-${safe}.${imageExtension(image.contentType)}`, contentType: image.contentType, bytes: image.bytes };
					used.set(image.id, entry);
					images.push(entry);
				}
				return `<img src="${esc(entry.href)}" alt="${esc(text || image.alt)}" />`;
			}
		}
	});
	let html = xmlSafe(marked.parse(chapter.markdown, { async: false }) as string);
	let svg = false;
	for (const chart of chapter.charts) {
		const data = chart.kind === 'radar' ? radarData(chart.data) : null;
		html += `<figure>\n`;
		if (data) {
			svg = true;
			html += radarSvg({ axes: data.axes, series: data.series, max: data.max, title: chart.caption, description: chart.caption, rtl: chapter.dir === 'rtl' }) + '\n';
			html +=
				`<table>\n<thead><tr><th>${esc(m.handbook_out_chart_axes({}, { locale: lang }))}</th>${data.series.map((s) => `<th>${esc(s.name)}</th>`).join('')}</tr></thead>\n<tbody>\n` +
				data.axes.map((axis, k) => `<tr><td>${esc(`${formatNumber(k + 1, lang)}. ${axis}`)}</td>${data.series.map((s) => `<td>${s.values[k] === null ? '–' : esc(formatNumber(s.values[k]!, lang))}</td>`).join('')}</tr>`).join('\n') +
				`\n</tbody>\n</table>\n`;
		}
		html += `<figcaption>${esc(chart.caption)}</figcaption>\n</figure>\n`;
	}
	return { html, svg };
}

/** A stable UUID (version 5 layout) from the handbook's identity, so each edition keeps its identifier. */
function uuid(seed: string): string {
	const h = createHash('sha1').update(seed).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
