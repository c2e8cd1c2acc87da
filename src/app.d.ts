import type { Locale } from '#lib/paraglide/runtime.js';

declare global {
	namespace App {
		interface Locals {
			locale: Locale;
			/** `signInMethod`: how the session was made (src/lib/server/auth/guard.ts). */
			user: { id: string; email: string; name: string; role: string; signInMethod: string } | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
