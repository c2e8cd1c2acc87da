/**
 * User Markdown → safe HTML. marked parses, sanitize-html keeps a small allow-list (no raw HTML,
 * no scripts, no inline styles, only http(s)/mailto links, which open with rel="noopener").
 */
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { withoutPlaceholders } from '../../content/placeholder.ts';

const marked = new Marked({ gfm: true, breaks: true, async: false });

const ALLOWED: sanitizeHtml.IOptions = {
	allowedTags: ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'h3', 'h4', 'blockquote', 'code'],
	allowedAttributes: { a: ['href', 'rel'] },
	allowedSchemes: ['http', 'https', 'mailto'],
	transformTags: {
		a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }),
		h1: 'h3',
		h2: 'h3'
	}
};

export function renderMarkdown(source: string): string {
	if (!source.trim()) return '';
	return sanitizeHtml(marked.parse(source) as string, ALLOWED);
}

/** Markdown for public pages: placeholder paragraphs are dropped before rendering. */
export function renderPublicMarkdown(source: string): string {
	return renderMarkdown(withoutPlaceholders(source));
}

/**
 * The handbook's Markdown (chapters on the public page and the team's preview): the same parser and
 * sanitiser with a wider list for documents — tables, rules, and images, but only the handbook's
 * own stored images. `![alt](bild:<id>)` becomes the image at `images.get(id)` (its versioned
 * URL); a reference to an image that is not there is dropped, and so is any other image source.
 */
export function renderHandbookMarkdown(source: string, images: Map<string, string>): string {
	const text = withoutPlaceholders(source).replace(/!\[([^\]]*)\]\(bild:([0-9]{1,9})\)/g, (_, alt: string, id: string) => {
		const url = images.get(id);
		return url ? `![${alt}](${url})` : '';
	});
	if (!text.trim()) return '';
	const own = new Set(images.values());
	return sanitizeHtml(marked.parse(text) as string, {
		...ALLOWED,
		allowedTags: [...(ALLOWED.allowedTags as string[]), 'h5', 'hr', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
		allowedAttributes: { ...ALLOWED.allowedAttributes, img: ['src', 'alt', 'loading'], table: ['tabindex'], th: ['align'], td: ['align'] },
		exclusiveFilter: (frame) => frame.tag === 'img' && !own.has(frame.attribs.src ?? ''),
		transformTags: {
			...ALLOWED.transformTags,
			img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy' } }),
			// A wide table scrolls sideways on a phone: keyboard users reach it with Tab and scroll it with the arrow keys.
			table: (tagName, attribs) => ({ tagName, attribs: { ...attribs, tabindex: '0' } })
		}
	});
}
