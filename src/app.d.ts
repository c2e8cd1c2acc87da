import type { Locale } from '#lib/paraglide/runtime.js';

declare global {
	namespace App {
		interface Locals {
			locale: Locale;
			user: { id: string; email: string; name: string; role: string } | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
