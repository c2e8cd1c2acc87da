/**
 * The transfer handbook: one per project, made of ordered chapters. Written chapters hold the team's
 * Markdown (translatable) with their version history and images; generated chapters hold only their
 * place, visibility and which generator builds them afresh at each view or export (handbook/generated.ts).
 */
import { sql } from 'drizzle-orm';
import { boolean, check, customType, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Translatable } from '../../../content/translatable.ts';
import { user } from './auth.ts';
import { project } from './programme.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const handbook = pgTable(
	'handbook',
	{
		id: serial('id').primaryKey(),
		projectId: integer('project_id')
			.notNull()
			.unique()
			.references(() => project.id, { onDelete: 'cascade' }),
		title: jsonb('title').$type<Translatable>().notNull(),
		subtitle: jsonb('subtitle').$type<Translatable>().notNull().default({}),
		/** CC-BY-4.0 | CC-BY-SA-4.0 */
		licence: text('licence').notNull().default('CC-BY-4.0'),
		/** draft → in_review → published (and back to draft). */
		status: text('status').notNull().default('draft'),
		publishedAt: ts('published_at'),
		createdAt: ts('created_at').notNull(),
		updatedAt: ts('updated_at').notNull()
	},
	(t) => [
		check('handbook_licence_check', sql`${t.licence} in ('CC-BY-4.0', 'CC-BY-SA-4.0')`),
		check('handbook_status_check', sql`${t.status} in ('draft', 'in_review', 'published')`)
	]
);

export const handbookChapter = pgTable(
	'handbook_chapter',
	{
		id: serial('id').primaryKey(),
		handbookId: integer('handbook_id')
			.notNull()
			.references(() => handbook.id, { onDelete: 'cascade' }),
		/** Anchor in the HTML, file name in the EPUB; unique within the handbook. */
		slug: text('slug').notNull(),
		/** written | generated */
		kind: text('kind').notNull(),
		/** For generated chapters: programme | consultation | development. */
		generator: text('generator'),
		position: integer('position').notNull().default(0),
		hidden: boolean('hidden').notNull().default(false),
		/** Written chapters: the title per language (generated ones take theirs from the catalogue). */
		title: jsonb('title').$type<Translatable>().notNull().default({}),
		/** Written chapters: sanitised-on-render Markdown per language. */
		body: jsonb('body').$type<Translatable>().notNull().default({}),
		/** Number of the latest version (0 before the first save). */
		version: integer('version').notNull().default(0),
		createdAt: ts('created_at').notNull(),
		updatedAt: ts('updated_at').notNull()
	},
	(t) => [
		uniqueIndex('handbook_chapter_slug_idx').on(t.handbookId, t.slug),
		index('handbook_chapter_position_idx').on(t.handbookId, t.position),
		check('handbook_chapter_kind_check', sql`${t.kind} in ('written', 'generated')`)
	]
);

/** Every save of a written chapter: who, when, the text as it was then. */
export const handbookChapterVersion = pgTable(
	'handbook_chapter_version',
	{
		id: serial('id').primaryKey(),
		chapterId: integer('chapter_id')
			.notNull()
			.references(() => handbookChapter.id, { onDelete: 'cascade' }),
		number: integer('number').notNull(),
		title: jsonb('title').$type<Translatable>().notNull(),
		body: jsonb('body').$type<Translatable>().notNull(),
		authorId: text('author_id').references(() => user.id, { onDelete: 'set null' }),
		createdAt: ts('created_at').notNull()
	},
	(t) => [uniqueIndex('handbook_chapter_version_idx').on(t.chapterId, t.number)]
);

/** An image of a written chapter, kept with the data (PNG, JPEG or WebP, at most 2 MB). */
export const handbookImage = pgTable(
	'handbook_image',
	{
		id: serial('id').primaryKey(),
		chapterId: integer('chapter_id')
			.notNull()
			.references(() => handbookChapter.id, { onDelete: 'cascade' }),
		alt: text('alt').notNull().default(''),
		contentType: text('content_type').notNull(),
		bytes: bytea('bytes').notNull(),
		size: integer('size').notNull(),
		/** sha256 of the bytes, first 16 hex digits: the versioned URL's `v`. */
		hash: text('hash').notNull(),
		uploadedBy: text('uploaded_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: ts('created_at').notNull()
	},
	(t) => [index('handbook_image_chapter_idx').on(t.chapterId)]
);
