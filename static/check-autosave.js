// Progressive enhancement for the digital check: with JavaScript, each answer is saved the moment it
// is chosen (the page's `answer` action). Without it, the button saves the whole area, as before.
for (const form of document.querySelectorAll('form[data-autosave]')) {
	const status = form.querySelector('[data-autosave-status]');
	// One request after the other, in the order the answers were chosen.
	let queue = Promise.resolve();
	const save = async (name, value) => {
		const body = new FormData();
		body.set('statement', name);
		body.set('value', value);
		try {
			const response = await fetch(form.dataset.autosave, { method: 'POST', body, headers: { accept: 'application/json', 'x-sveltekit-action': 'true' } });
			return response.ok && (await response.json()).type === 'success';
		} catch {
			return false;
		}
	};
	form.addEventListener('change', (event) => {
		const input = event.target;
		if (!(input instanceof HTMLInputElement) || input.type !== 'radio') return;
		queue = queue.then(async () => {
			const saved = await save(input.name, input.value);
			if (status) status.textContent = saved ? form.dataset.saved : form.dataset.failed;
		});
	});
}
