import { fail } from '@sveltejs/kit';
import { app } from '../app.ts';
import * as twoFactor from './two-factor.ts';
import type { Actor } from '../audit/record.ts';

type Guard = (locals: App.Locals) => Actor;

/**
 * The two-step sign-in settings page of a team account, for the door whose guard is given
 * (requireStaff for /admin/sicherheit, requireConsultant for /beratung/sicherheit).
 */
export function twoFactorPage(guard: Guard) {
	const load = async ({ locals }: { locals: App.Locals }) => {
		const actor = guard(locals);
		return { enabled: await twoFactor.twoFactorEnabled(app().database.db, actor.id) };
	};

	const actions = {
		/** Step 1: the password gives the secret for the app (QR code); nothing is switched on yet. */
		start: async ({ locals, request }: { locals: App.Locals; request: Request }) => {
			guard(locals);
			const password = String((await request.formData()).get('password') ?? '');
			const result = await twoFactor.startTwoFactorSetup(app().auth, request.headers, password);
			if (result.status === 'wrong-password') return fail(400, { error: 'twofa_wrong_password' as const });
			return { setup: { qr: result.qr, secret: result.secret, totpURI: result.totpURI } };
		},
		/** Step 2: a code from the app switches it on; the backup codes are shown this once. */
		confirm: async ({ locals, request }: { locals: App.Locals; request: Request }) => {
			const actor = guard(locals);
			const form = await request.formData();
			const code = String(form.get('code') ?? '');
			const result = await twoFactor.confirmTwoFactorSetup(app().auth, request.headers, actor.id, code);
			if (result.status === 'wrong-code') {
				// Redraw the QR code from the key the page already showed (it is verified against the stored one).
				const setup = await twoFactor.setupView(String(form.get('uri') ?? '')).catch(() => null);
				return fail(400, { error: 'signin_code_failed' as const, setup });
			}
			return { backupCodes: result.backupCodes };
		},
		disable: async ({ locals, request }: { locals: App.Locals; request: Request }) => {
			guard(locals);
			const password = String((await request.formData()).get('password') ?? '');
			if (!(await twoFactor.disableTwoFactor(app().auth, request.headers, password))) return fail(400, { error: 'twofa_wrong_password' as const });
			return { disabled: true };
		}
	};
	return { load, actions };
}
