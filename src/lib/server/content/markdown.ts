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
