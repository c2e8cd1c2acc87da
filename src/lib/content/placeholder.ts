/**
 * Placeholder text that must never be published: template filler and notes to self.
 * Matching is deliberately conservative (whole words) so that real text is not flagged.
 */
const PATTERNS: RegExp[] = [
	/\blorem ipsum\b/i,
	/\bdolor sit amet\b/i,
	/\bTODO\b/,
	/\bTBD\b/,
	/\bFIXME\b/,
	/\bxxx+\b/i,
	/\bPlatzhalter\b/i,
	/\bplaceholder\b/i,
	/\[(?:text|titel|title|datum|date) folgt\]/i
];

export function findPlaceholder(text: string | null | undefined): string | null {
	if (!text) return null;
	for (const pattern of PATTERNS) {
		const match = text.match(pattern);
		if (match) return match[0];
	}
	return null;
}

/**
 * Removes every paragraph (blank-line separated block) that contains placeholder text, so that
 * public pages never show it even when legacy data holds it.
 */
export function withoutPlaceholders(text: string): string {
	return text
		.split(/\n\s*\n/)
		.filter((block) => findPlaceholder(block) === null)
		.join('\n\n')
		.trim();
}
