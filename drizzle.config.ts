import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from the schema; no database connection is needed for `generate`.
export default defineConfig({
	schema: './src/lib/server/db/schema/*.ts',
	out: './drizzle',
	dialect: 'postgresql',
	strict: true
});
