/**
 * The audit log in words: "Anwesenheit erfasst: Anmeldung Nr. 7 zu „Workshop: Der digitale Verein“".
 * Pure; the labels come from one batched lookup per entity type (server/audit/queries.ts), the
 * words from the catalogue (`audit_action_<action, dots as underscores>`, `audit_entity_*`).
 * People never appear by name or address: an account or a keyed person reference is "Person".
 */
import * as m from '../paraglide/messages.js';
import { localise, type Translatable } from '../content/translatable.ts';
import type { Locale } from '../i18n/locales.ts';
import { formatSessionDay } from '../programme/dates.ts';

/** What the lookup found for one entity. Titles stay translatable: the reader's language picks. */
export type EntityLabel =
	| { type: 'project'; title: Translatable }
	| { type: 'item'; title: Translatable }
	| { type: 'session'; startsAt: Date; itemTitle: Translatable }
	| { type: 'meeting'; itemTitle: Translatable }
	| { type: 'registration'; itemId: number; itemTitle: Translatable }
	| { type: 'organisation'; name: string }
	| { type: 'user' };

/** The entity types the list looks up; an entry of such a type that is not found is shown as deleted. */
export const LOOKED_UP = ['project', 'item', 'session', 'meeting', 'registration', 'organisation', 'user'] as const;
export type LookedUpType = (typeof LOOKED_UP)[number];

/**
 * Labels by `labelKey(type, id)`. `null`: looked up and not found (the entity is gone). A missing
 * key: a type that is not looked up (person, settings, instrument, …).
 */
export type AuditLabels = Record<string, EntityLabel | null>;

export function labelKey(type: string, id: string | number): string {
	return `${type}:${id}`;
}

export interface AuditEntryLike {
	action: string;
	entityType: string;
	entityId: string;
	details: Record<string, unknown> | null;
}

export interface AuditSubject {
	text: string;
	/** The entity's backoffice page (not localised), null when it has none or is gone. */
	href: string | null;
	deleted: boolean;
}

export interface AuditDescription {
	action: string;
	subjects: AuditSubject[];
	/** The whole sentence as plain text. */
	text: string;
}

/**
 * Entities named in `details` that the sentence mentions too. The session of an attendance mark and
 * the organisation of a cohort change always; the item or project of a deleted entity only when
 * the entity itself is gone (otherwise its own label already says where it belonged).
 */
const DETAIL_REFS: { key: string; type: LookedUpType; onlyWhenGone: boolean }[] = [
	{ key: 'sessionId', type: 'session', onlyWhenGone: false },
	{ key: 'organisationId', type: 'organisation', onlyWhenGone: false },
	{ key: 'itemId', type: 'item', onlyWhenGone: true },
	{ key: 'projectId', type: 'project', onlyWhenGone: true }
];

function detailId(details: Record<string, unknown> | null, key: string): string | null {
	const value = details?.[key];
	return typeof value === 'number' || (typeof value === 'string' && value !== '') ? String(value) : null;
}

/** Every entity an entry's sentence may name: what the list query looks up, per type in one batch. */
export function referencesOf(entry: AuditEntryLike): { type: LookedUpType; id: string }[] {
	const refs: { type: LookedUpType; id: string }[] = [];
	if ((LOOKED_UP as readonly string[]).includes(entry.entityType)) refs.push({ type: entry.entityType as LookedUpType, id: entry.entityId });
	for (const ref of DETAIL_REFS) {
		const id = detailId(entry.details, ref.key);
		if (id !== null && ref.type !== entry.entityType) refs.push({ type: ref.type, id });
	}
	return refs;
}

type MessageFn = (inputs?: Record<string, unknown>, options?: { locale?: Locale }) => string;
const catalogue = m as unknown as Record<string, MessageFn | undefined>;

/** The catalogue key of an action's message: `registration.cancelled` → `audit_action_registration_cancelled`. */
export function actionMessageKey(action: string): string {
	return `audit_action_${action.replace(/\./g, '_')}`;
}

/** A readable stand-in for a code that has no message yet: `organisation.member_invited` → "Organisation: member invited". */
export function humanise(code: string): string {
	const text = code
		.split('.')
		.map((part) => part.replace(/[_-]+/g, ' ').trim())
		.filter(Boolean)
		.join(': ');
	return text.charAt(0).toUpperCase() + text.slice(1);
}

function title(field: Translatable, locale: Locale): string {
	return localise(field, locale).text;
}

function sessionDay(value: unknown, locale: Locale): string | null {
	const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
	return date && !Number.isNaN(date.getTime()) ? formatSessionDay(date, locale) : null;
}

/**
 * One entity in words. `inContext`: named beside another entity, so a session leaves out its item.
 * `details` of the entry may say what a deleted entity was (a deleted session's start).
 */
function subject(type: string, id: string, labels: AuditLabels, locale: Locale, details: Record<string, unknown> | null, inContext: boolean): AuditSubject {
	const o = { locale };
	const key = labelKey(type, id);
	const label = labels[key];
	if (label === null) return { text: `${goneText(type, id, details, locale)} ${m.audit_deleted({}, o)}`, href: null, deleted: true };
	const found = (text: string, href: string | null): AuditSubject => ({ text, href, deleted: false });
	switch (label?.type) {
		case 'project':
			return found(m.audit_entity_project({ title: title(label.title, locale) }, o), `/admin/projekte/${id}`);
		case 'item':
			return found(m.audit_entity_item({ title: title(label.title, locale) }, o), `/admin/programmpunkte/${id}`);
		case 'session': {
			const date = formatSessionDay(label.startsAt, locale);
			const text = inContext ? m.audit_entity_session_on({ date }, o) : m.audit_entity_session({ date, item: title(label.itemTitle, locale) }, o);
			return found(text, `/admin/termine/${id}`);
		}
		case 'meeting':
			return found(m.audit_entity_meeting({ item: title(label.itemTitle, locale) }, o), `/admin/meetings/${id}`);
		case 'registration':
			return found(m.audit_entity_registration({ id, item: title(label.itemTitle, locale) }, o), `/admin/programmpunkte/${label.itemId}#anmeldungen`);
		case 'organisation':
			return found(m.audit_entity_organisation({ name: label.name }, o), `/admin/vereine/${id}`);
		case 'user':
			return found(m.audit_entity_person({}, o), null);
	}
	switch (type) {
		case 'person':
			return found(m.audit_entity_person({}, o), null);
		case 'settings':
			return found(m.settings_title({}, o), '/admin/einstellungen');
		case 'instrument':
			return found(m.audit_entity_instrument({ version: id }, o), '/admin/digital-check');
		case 'api_token':
			return found(m.audit_entity_api_token({ id }, o), '/admin/api/tokens');
	}
	return found((LOOKED_UP as readonly string[]).includes(type) ? goneText(type, id, details, locale) : m.audit_entity_other({ type: humanise(type), id }, o), null);
}

/** How an entity that is gone (or was never looked up) is named: by its kind, never by a raw code. */
function goneText(type: string, id: string, details: Record<string, unknown> | null, locale: Locale): string {
	const o = { locale };
	switch (type) {
		case 'project':
			return m.audit_entity_project_any({}, o);
		case 'item':
			return m.audit_entity_item_any({}, o);
		case 'session': {
			const date = sessionDay(details?.startsAt, locale);
			return date ? m.audit_entity_session_on({ date }, o) : m.audit_entity_session_any({}, o);
		}
		case 'meeting':
			return m.audit_entity_meeting_any({}, o);
		case 'registration':
			return m.audit_entity_registration_any({ id }, o);
		case 'organisation':
			return m.audit_entity_organisation_any({}, o);
		case 'user':
		case 'person':
			return m.audit_entity_person({}, o);
	}
	return m.audit_entity_other({ type: humanise(type), id }, o);
}

/**
 * One audit entry as a sentence in the reader's language: the action's message (or, for an action
 * that has none yet, its humanised code), then what it concerns, each with its backoffice page.
 */
export function describeAudit(entry: AuditEntryLike, labels: AuditLabels, locale: Locale): AuditDescription {
	const message = catalogue[actionMessageKey(entry.action)];
	const action = message ? message({}, { locale }) : humanise(entry.action);
	const main = subject(entry.entityType, entry.entityId, labels, locale, entry.details, false);
	const subjects = [main];
	for (const ref of DETAIL_REFS) {
		const id = detailId(entry.details, ref.key);
		if (id === null || ref.type === entry.entityType || (ref.onlyWhenGone && !main.deleted)) continue;
		subjects.push(subject(ref.type, id, labels, locale, null, true));
	}
	const separator = locale === 'ar' ? '، ' : ', ';
	return { action, subjects, text: `${action}: ${subjects.map((s) => s.text).join(separator)}` };
}
