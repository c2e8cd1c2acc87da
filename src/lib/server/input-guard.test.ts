import { describe, expect, it } from 'vitest';
import { bodyProblem, MAX_BODY_BYTES, MAX_UPLOAD_BYTES, reservedActionName, urlProblem } from './input-guard.ts';

const url = (s: string) => new URL(`http://localhost${s}`);
const post = (type: string | null, body: BodyInit, headers: Record<string, string> = {}) =>
	new Request('http://localhost/x', { method: 'POST', body, headers: { ...(type ? { 'content-type': type } : {}), ...headers } });

describe('urlProblem', () => {
	it('lets ordinary paths and queries through', () => {
		expect(urlProblem(url('/projekte/digit-ready/3?seite=2&q=M%C3%BCller+Verein'))).toBeNull();
		expect(urlProblem(url('/admin/anmelden?weiter=%2Fadmin%2Fprojekte'))).toBeNull();
	});
	it('refuses NUL, broken escapes, invalid UTF-8 and over-long values', () => {
		for (const p of ['/a%00b', '/%C3%28', '/%', '/%FF', `/${'x'.repeat(3000)}`]) expect(urlProblem(url(p)), p).toBe('bad_path');
		for (const q of ['/?seite=%00', '/?%00=1', '/?q=%C3%28', '/?q=%', `/?q=${'x'.repeat(3000)}`]) expect(urlProblem(url(q)), q).toBe('bad_query');
	});
});

describe('reservedActionName', () => {
	it('refuses a post naming the action `default` (SvelteKit would throw), nothing else', () => {
		for (const q of ['/admin/anmelden/code?/default', '/x?/default=1', '/x?%2Fdefault', '/x?weiter=%2Fadmin&/default']) expect(reservedActionName('POST', url(q)), q).toBe(true);
		for (const q of ['/admin/anmelden/code', '/x?/save', '/x?/save&/default', '/x?weiter=/default', '/x?default']) expect(reservedActionName('POST', url(q)), q).toBe(false);
		expect(reservedActionName('GET', url('/x?/default'))).toBe(false);
	});
});

describe('bodyProblem', () => {
	it('passes form bodies, including the autosave fetch (multipart FormData)', async () => {
		const form = new FormData();
		form.set('statement', 's1');
		form.set('value', '3');
		expect(await bodyProblem(new Request('http://localhost/x', { method: 'POST', body: form }))).toBeNull();
		expect(await bodyProblem(post('application/x-www-form-urlencoded', 'a=1&b=%C3%BC'))).toBeNull();
		expect(await bodyProblem(new Request('http://localhost/x'))).toBeNull();
	});
	it('refuses bodies that are not form data (415), do not parse or hold NUL (400), or are too big (413)', async () => {
		expect(await bodyProblem(post('text/plain', 'a=b'))).toEqual({ status: 415 });
		expect(await bodyProblem(post('application/json', '{}'))).toEqual({ status: 415 });
		expect(await bodyProblem(post(null, 'a=b'))).toEqual({ status: 415 });
		expect(await bodyProblem(post('multipart/form-data; boundary=XYZ', 'garbage'))).toEqual({ status: 400 });
		expect(await bodyProblem(post('multipart/form-data', 'garbage'))).toEqual({ status: 400 });
		expect(await bodyProblem(post('application/x-www-form-urlencoded', 'a=x%00y'))).toEqual({ status: 400 });
		expect(await bodyProblem(post('application/x-www-form-urlencoded', 'a%00=1'))).toEqual({ status: 400 });
		expect(await bodyProblem(post('application/x-www-form-urlencoded', 'a=1', { 'content-length': String(MAX_BODY_BYTES + 1) }))).toEqual({ status: 413 });
	});
	it('lets a handbook image upload (only that action) be larger, up to its own limit', async () => {
		const upload = (path: string, length: number) =>
			bodyProblem(new Request(`http://localhost${path}`, { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(length) } }));
		expect(await upload('/admin/handbuch/3/kapitel/7?/bild', 2 * 1024 * 1024)).toBeNull();
		expect(await upload('/ar/admin/handbuch/3/kapitel/7?/bild', 2 * 1024 * 1024)).toBeNull();
		expect(await upload('/admin/handbuch/3/kapitel/7?/bild', MAX_UPLOAD_BYTES + 1)).toEqual({ status: 413 });
		expect(await upload('/admin/handbuch/3/kapitel/7?/save', MAX_BODY_BYTES + 1)).toEqual({ status: 413 });
		expect(await upload('/admin/vereine/3?/bild', MAX_BODY_BYTES + 1)).toEqual({ status: 413 });
	});
	it('lets a programme item material upload (only that action) be larger, up to its own limit', async () => {
		const upload = (path: string, length: number) =>
			bodyProblem(new Request(`http://localhost${path}`, { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(length) } }));
		expect(await upload('/admin/programmpunkte/12?/material', 2 * 1024 * 1024)).toBeNull();
		expect(await upload('/uk/admin/programmpunkte/12?/material', 2 * 1024 * 1024)).toBeNull();
		expect(await upload('/admin/programmpunkte/12?/material', MAX_UPLOAD_BYTES + 1)).toEqual({ status: 413 });
		expect(await upload('/admin/programmpunkte/12?/save', MAX_BODY_BYTES + 1)).toEqual({ status: 413 });
		expect(await upload('/admin/programmpunkte/12/teilnehmende?/material', MAX_BODY_BYTES + 1)).toEqual({ status: 413 });
		expect(await upload('/admin/projekte/12?/material', MAX_BODY_BYTES + 1)).toEqual({ status: 413 });
	});
});
