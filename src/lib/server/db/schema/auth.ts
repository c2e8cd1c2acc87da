/**
 * Tables owned by better-auth (accounts, sessions, verification tokens, rate-limit counters).
 * Column names follow better-auth's drizzle adapter contract; do not rename them.
 */
import { bigint, boolean, customType, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { keyedHash } from '../../auth/keyed-hash.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const user = pgTable('user', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	email: text('email').notNull().unique(),
	emailVerified: boolean('email_verified').notNull().default(false),
	image: text('image'),
	role: text('role').notNull().default('staff'),
	/** better-auth twoFactor plugin: set once the TOTP setup is confirmed with a code. */
	twoFactorEnabled: boolean('two_factor_enabled').notNull().default(false),
	/** Team accounts (team/accounts.ts): set while deactivated; no session is made or honoured then. */
	deactivatedAt: ts('deactivated_at'),
	/** The last completed password sign-in (with its code, when one is due). */
	lastSignInAt: ts('last_sign_in_at'),
	createdAt: ts('created_at').notNull().defaultNow(),
	updatedAt: ts('updated_at').notNull().defaultNow()
});

export const session = pgTable(
	'session',
	{
		id: text('id').primaryKey(),
		expiresAt: ts('expires_at').notNull(),
		token: text('token').notNull().unique(),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow(),
		ipAddress: text('ip_address'),
		userAgent: text('user_agent'),
		/** How the session was made: 'password', 'two-factor' (password + code), 'magic-link' or 'other'; /admin admits only the first two. */
		signInMethod: text('sign_in_method').notNull().default('other'),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' })
	},
	(t) => [index('session_user_idx').on(t.userId)]
);

export const account = pgTable(
	'account',
	{
		id: text('id').primaryKey(),
		accountId: text('account_id').notNull(),
		providerId: text('provider_id').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		accessToken: text('access_token'),
		refreshToken: text('refresh_token'),
		idToken: text('id_token'),
		accessTokenExpiresAt: ts('access_token_expires_at'),
		refreshTokenExpiresAt: ts('refresh_token_expires_at'),
		scope: text('scope'),
		password: text('password'),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [index('account_user_idx').on(t.userId)]
);

export const verification = pgTable(
	'verification',
	{
		id: text('id').primaryKey(),
		identifier: text('identifier').notNull(),
		value: text('value').notNull(),
		expiresAt: ts('expires_at').notNull(),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [index('verification_identifier_idx').on(t.identifier)]
);

/** TOTP secret and backup codes of a staff account (better-auth twoFactor plugin; both stored encrypted). */
export const twoFactor = pgTable(
	'two_factor',
	{
		id: text('id').primaryKey(),
		secret: text('secret').notNull(),
		backupCodes: text('backup_codes').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		verified: boolean('verified').notNull().default(true),
		failedVerificationCount: integer('failed_verification_count').notNull().default(0),
		lockedUntil: ts('locked_until')
	},
	(t) => [index('two_factor_user_idx').on(t.userId)]
);

/**
 * A rate-limit key as stored: a keyed hash of what it counts (a client address, a typed email
 * address). Every write and every comparison through Drizzle, better-auth's adapter included,
 * hashes the value, so the table never holds an address in the clear.
 */
const hashedKey = customType<{ data: string; driverData: string }>({
	dataType: () => 'text',
	toDriver: (value) => keyedHash('rate-limit', value)
});

/**
 * Rate-limit counters (ours in auth/rate-limit.ts and better-auth's), kept in the database so that
 * several app instances share them; rows past every window are purged (auth/retention.ts).
 */
export const rateLimit = pgTable('rate_limit', {
	id: text('id').primaryKey(),
	key: hashedKey('key').notNull().unique(),
	count: integer('count').notNull(),
	lastRequest: bigint('last_request', { mode: 'number' }).notNull()
});
