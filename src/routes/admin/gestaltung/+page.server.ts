import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';

// The pattern page's one form (the ConfirmStep demo) changes nothing; it shows the result-after-post pattern.
export const actions: Actions = {
	demo: async ({ request }) => {
		const form = await request.formData();
		redirect(303, form.get('confirm') === 'yes' ? '?erledigt#ergebnis' : '?');
	}
};
