/**
 * The provider's branding (Träger): name, logo, accent colour and footer contact, edited by the
 * team (audited), shown on public pages, in mails and in PDFs. Stored in the one `site_settings`
 * row, the logo as bytes, so every instance serves the same; a change raises public_version
 * (trigger in drizzle/0017) and cached public pages show it at once.
 */
import { createHash } from 'node:crypto';
import { eq, isNull } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import type { Db, Tx } from '../db/client.ts';
import { siteSettings } from '../db/schema/settings.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import type { FieldErrors } from '../../forms/parse.ts';
import { checkLogo, completeBranding, sniffImageType, type BrandingSettings, type LogoType } from '../../settings/branding.ts';
import { DEMO_LOGO_PNG } from './demo-logo.ts';
import type { DocumentBranding } from '../reports/document.ts';

export interface Branding {
	settings: BrandingSettings;
	/** The logo's version and type, or null when none is set. */
	logo: { hash: string; type: LogoType } | null;
}

/** What every page shows: no bytes, the logo as its versioned URL. */
export interface PublicBranding {
	/** Empty: the platform's own name. */
	name: string;
	/** `#rrggbb`, or empty for the design's default. */
	accent: string;
	logoUrl: string | null;
	contact: { address: string; email: string; phone: string; web: string };
}

/** The logo's public path: changes with its content, so it may be cached for a year. */
export function logoPath(hash: string): string {
	return `/marke/logo?v=${hash.slice(0, 16)}`;
}

export async function getBranding(db: Db | Tx): Promise<Branding> {
	const [row] = await db
		.select({ branding: siteSettings.branding, logoHash: siteSettings.logoHash, logoType: siteSettings.logoType })
		.from(siteSettings)
		.where(eq(siteSettings.id, 1));
	return {
		settings: completeBranding(row?.branding),
		logo: row?.logoHash && row.logoType ? { hash: row.logoHash, type: row.logoType as LogoType } : null
	};
}

export function toPublicBranding(branding: Branding): PublicBranding {
	const s = branding.settings;
	return {
		name: s.providerName,
		accent: s.accentColour,
		logoUrl: branding.logo ? logoPath(branding.logo.hash) : null,
		contact: { address: s.contactAddress, email: s.contactEmail, phone: s.contactPhone, web: s.contactWeb }
	};
}

export async function getPublicBranding(db: Db): Promise<PublicBranding> {
	return toPublicBranding(await getBranding(db));
}

/** The logo's bytes for `/marke/logo` and the PDFs, or null when none is set. */
export async function getLogo(db: Db): Promise<{ bytes: Buffer; type: LogoType; hash: string } | null> {
	const [row] = await db
		.select({ logo: siteSettings.logo, logoType: siteSettings.logoType, logoHash: siteSettings.logoHash })
		.from(siteSettings)
		.where(eq(siteSettings.id, 1));
	if (!row?.logo || !row.logoType || !row.logoHash) return null;
	return { bytes: Buffer.from(row.logo), type: row.logoType as LogoType, hash: row.logoHash };
}

/** What the PDFs need (reports/document.ts): the provider's name and logo bytes, and the accent. */
export async function documentBranding(db: Db): Promise<{ branding: DocumentBranding; accent: string }> {
	const [branding, logo] = await Promise.all([getBranding(db), getLogo(db)]);
	return { branding: { name: branding.settings.providerName, logo: logo?.bytes ?? null }, accent: branding.settings.accentColour };
}

/**
 * Why a logo file is refused (a field error), or null: at most 256 KB, PNG or JPEG by its first
 * bytes, and readable by the PDF writer (so no certificate fails on it later).
 */
export function logoProblem(bytes: Uint8Array): FieldErrors[string] | null {
	const problem = checkLogo(bytes);
	if (problem) return problem;
	try {
		// pdfkit's openImage (not in its types) parses the image as it will when drawing it.
		(new PDFDocument({ autoFirstPage: false }) as unknown as { openImage(src: Buffer): unknown }).openImage(Buffer.from(bytes));
		return null;
	} catch {
		return { key: 'err_brand_logo_unreadable' };
	}
}

export type LogoChange = { kind: 'keep' } | { kind: 'remove' } | { kind: 'replace'; bytes: Uint8Array };

/**
 * Saves the branding and, with `replace`, the new logo, in one transaction with its audit entry.
 * A refused logo changes nothing and comes back as a field error.
 */
export async function saveBranding(
	db: Db,
	actor: Actor,
	settings: BrandingSettings,
	logo: LogoChange,
	now: Date
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
	if (logo.kind === 'replace') {
		const problem = logoProblem(logo.bytes);
		if (problem) return { ok: false, errors: { logo: problem } };
	}
	const logoColumns =
		logo.kind === 'replace'
			? { logo: Buffer.from(logo.bytes), logoType: sniffImageType(logo.bytes), logoHash: createHash('sha256').update(logo.bytes).digest('hex') }
			: logo.kind === 'remove'
				? { logo: null, logoType: null, logoHash: null }
				: {};
	await db.transaction(async (tx) => {
		const set = { branding: settings, ...logoColumns, updatedAt: now, updatedBy: actor.id };
		await tx.insert(siteSettings).values({ id: 1, ...set }).onConflictDoUpdate({ target: siteSettings.id, set });
		await recordAudit(tx, actor, 'settings.branding_updated', { type: 'settings', id: 1 }, now, {
			logo: logo.kind === 'replace' ? 'replaced' : logo.kind === 'remove' ? 'removed' : 'kept',
			accent: settings.accentColour || null
		});
	});
	return { ok: true };
}

/** The demo's provider: fictional, and says so. */
export const DEMO_BRANDING: BrandingSettings = {
	providerName: 'Brückenwerk Bildung e. V. (fiktiver Demo-Träger)',
	accentColour: '',
	contactAddress: 'Musterstraße 1\n12345 Beispielstadt',
	contactEmail: 'kontakt@brueckenwerk.example',
	contactPhone: '',
	contactWeb: ''
};

/**
 * Gives a demo installation the fictional provider's name and logo, once: only while no branding
 * was ever saved (the team's own is never overwritten). Returns true when it did.
 */
export async function loadDemoBranding(db: Db, now: Date): Promise<boolean> {
	const [row] = await db.select({ branding: siteSettings.branding }).from(siteSettings).where(eq(siteSettings.id, 1));
	if (row?.branding) return false;
	const set = {
		branding: DEMO_BRANDING,
		logo: DEMO_LOGO_PNG,
		logoType: 'image/png',
		logoHash: createHash('sha256').update(DEMO_LOGO_PNG).digest('hex'),
		updatedAt: now
	};
	// Only over a row without branding: another instance, or the team, may have written it meanwhile.
	await db.insert(siteSettings).values({ id: 1, ...set }).onConflictDoUpdate({ target: siteSettings.id, set, setWhere: isNull(siteSettings.branding) });
	return true;
}
