// Progressive enhancement for the digital check: with JavaScript, each answer is saved the moment it
// is chosen (the page's `answer` action). Without it, the button saves the whole area, as before.
for (const form of document.querySelectorAll('form[data-autosave]')) {
	const status = form.querySelector('[data-autosave-status]');
	form.addEventListener('change', async (event) => {
		const input = event.target;
		if (!(input instanceof HTMLInputElement) || input.type !== 'radio') return;
		const body = new FormData();
		body.set('statement', input.name);
		body.set('value', input.value);
		let saved = false;
		try {
			const response = await fetch(form.dataset.autosave, { method: 'POST', body, headers: { accept: 'application/json', 'x-sveltekit-action': 'true' } });
			saved = response.ok && (await response.json()).type === 'success';
		} catch {
			saved = false;
		}
		if (status) status.textContent = saved ? form.dataset.saved : form.dataset.failed;
	});
}
