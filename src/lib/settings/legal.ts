/**
 * The operator's legal details, from which the Impressum (§ 5 DDG, § 18 MStV) and the privacy
 * notice (Art. 13 GDPR: controller, data protection officer, supervisory authority) are built.
 * Pure: the form schema, and which details a public site cannot do without.
 */
import { z } from 'zod';
import { parseForm, type Parsed } from '../forms/parse.ts';

export interface LegalSettings {
	/** Who runs the site and is the controller: "Beispiel e. V." */
	operatorName: string;
	/** Postal address, several lines. */
	operatorAddress: string;
	/** Who may represent the operator ("Vorstand: …"). */
	representative: string;
	email: string;
	phone: string;
	/** Register court and number, e.g. "Amtsgericht Köln, VR 12345". */
	register: string;
	vatId: string;
	/** Responsible for the content (§ 18 Abs. 2 MStV), name and address. */
	contentResponsible: string;
	/** Data protection officer, if one is designated: name and contact. */
	dpo: string;
	/** The supervisory authority for data protection, name and address. */
	supervisoryAuthority: string;
}

export const LEGAL_FIELDS = ['operatorName', 'operatorAddress', 'representative', 'email', 'phone', 'register', 'vatId', 'contentResponsible', 'dpo', 'supervisoryAuthority'] as const satisfies readonly (keyof LegalSettings)[];

/** Without these a German site must not go public: who runs it, where, how to reach them, whom to complain to. */
export const LEGAL_REQUIRED = ['operatorName', 'operatorAddress', 'email', 'supervisoryAuthority'] as const satisfies readonly (keyof LegalSettings)[];

export function completeLegal(stored: Partial<LegalSettings> | null | undefined): LegalSettings {
	return Object.fromEntries(LEGAL_FIELDS.map((k) => [k, stored?.[k] ?? ''])) as unknown as LegalSettings;
}

/** The required details still empty (none: the legal pages are complete). */
export function missingLegal(settings: Partial<LegalSettings> | null | undefined): (keyof LegalSettings)[] {
	return LEGAL_REQUIRED.filter((k) => !settings?.[k]?.trim());
}

const line = (max: number) => z.string().trim().max(max, { error: 'err_too_long' }).default('');
const schema = z.object({
	operatorName: line(200),
	operatorAddress: line(1000),
	representative: line(500),
	email: z.union([z.literal(''), z.email({ error: 'reg_err_email' }).max(254, { error: 'err_too_long' })]).default(''),
	phone: line(60),
	register: line(200),
	vatId: line(40),
	contentResponsible: line(500),
	dpo: line(500),
	supervisoryAuthority: line(1000)
});

export function parseLegalForm(form: FormData): Parsed<LegalSettings> {
	return parseForm(schema, form, (d) => d as LegalSettings);
}
