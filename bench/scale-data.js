// The large data set of issue 9's "Scale" goal, added to a PostgreSQL database the app has already
// migrated (and loaded the demo into): 50 projects, 500 items, 5,000 sessions, 2,000 organisations,
// 20,000 people, 200,000 registrations, attendance marks for the sessions in the past and a share of
// certificates. Set-based SQL (generate_series, INSERT … SELECT) in one transaction: the schema's
// constraints and triggers stay on (the public-version triggers bump once, at the commit).
//
// Shapes: 40 past projects over the last nine years and 10 current ones (runtime around today), all
// published; 10 items each (workshops, lectures, network meetings; in person, online, hybrid; a few
// cancelled or postponed); every third item a series registered per session (24 dates over the runtime),
// the others 4 days each; registrations of 20,000 addresses (one person registers for ~10 items), in
// six languages, 82 % with an organisation, statuses mixed (past: confirmed, cancelled, expired;
// current: also held, awaiting approval, waitlisted). One "big" item in the newest current project
// holds 5,000 registrations (its registrations list and participant list are what the bench reads).
import postgres from 'postgres';

export const SCALE = { projects: 50, itemsPerProject: 10, seriesSessions: 24, itemSessions: 4, organisations: 2000, people: 20000, registrations: 200000, bigItemRegistrations: 5000 };

/**
 * Fills the database at `databaseUrl`. Returns the ids a bench needs: `bigItemId` and its
 * `projectSlug` (a current, published project), `pastProjectSlug`, `counts` (rows per table added)
 * and `seconds` (how long it took).
 */
export async function buildLargeDataSet(databaseUrl) {
	const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
	const started = performance.now();
	try {
		const result = await sql.begin(async (tx) => {
			const S = SCALE;
			let mark = performance.now();
			const step = (name) => {
				if (process.env.BENCH_VERBOSE) console.log(`scale data: ${name} ${((performance.now() - mark) / 1000).toFixed(1)} s`);
				mark = performance.now();
			};
			const first = Number((await tx`select coalesce(max(id), 0) as n from project`)[0].n);
			const words = {
				origin: ['Deutsch-Türkischer', 'Afrikanischer', 'Ukrainischer', 'Syrischer', 'Russischsprachiger', 'Arabischer', 'Kurdischer', 'Polnischer', 'Vietnamesischer', 'Internationaler'],
				kind: ['Kulturverein', 'Elternverein', 'Bildungswerk', 'Frauenverein', 'Jugendverein', 'Sportverein', 'Integrationsverein', 'Nachbarschaftsverein', 'Studierendenverein', 'Förderverein'],
				city: ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt', 'Stuttgart', 'Düsseldorf', 'Leipzig', 'Dortmund', 'Essen', 'Bremen', 'Dresden', 'Hannover', 'Nürnberg', 'Duisburg', 'Bochum', 'Wuppertal', 'Bielefeld', 'Bonn', 'Münster']
			};

			// Projects: 1..40 past (oldest first), 41..50 current. Slugs skala-01 … skala-50.
			await tx`
				insert into project (slug, title, funding_programme, funder, phase_name, runtime_start, runtime_end, description, status, created_at, updated_at)
				select format('skala-%s', lpad(p::text, 2, '0')),
					jsonb_build_object('de', format('Skala-Projekt %s: Digitale Vereinsarbeit', p), 'en', format('Scale project %s: digital association work', p)),
					'Bundesprogramm Teilhabe digital', 'Bundesministerium für Bildung', format('Phase %s', p),
					r.start, r.start + r.length,
					jsonb_build_object('de', format('Das **Skala-Projekt %s** begleitet Vereine bei der Digitalisierung: Workshops, Vorträge und Netzwerktreffen.', p),
						'en', format('**Scale project %s** supports associations in going digital: workshops, lectures and network meetings.', p)),
					'published', now() - interval '1 day' * (60 * (51 - p)), now() - interval '1 day' * (30 * (51 - p))
				from generate_series(1, ${S.projects}) p,
					lateral (select case when p <= 40 then current_date - (440 + 75 * (40 - p)) else current_date - 30 * (51 - p) end as start,
						case when p <= 40 then 300 else 230 + 20 * (p - 41) end as length) r`;
			step('projects');
			const projects = await tx`select id, slug, runtime_start, runtime_end from project where id > ${first} order by id`;
			const lastProject = projects[projects.length - 1];

			// Items: 10 per project.
			await tx`
				insert into programme_item (project_id, number, position, kind, title, description, format, state, registration_open, capacity, per_session, requires_approval, dimensions)
				select p.id, j, j,
					(array['workshop','workshop','lecture','network_meeting','workshop','reflection','workshop','lecture','other','workshop'])[j]::item_kind,
					jsonb_build_object('de', format('Modul %s: %s', j, (array['Datenschutz im Verein','Social Media','Fördermittel digital','Netzwerktreffen','Online-Sitzungen','Rückblick','Cloud-Werkzeuge','Barrierefreiheit','Offener Austausch','Digitale Mitgliederverwaltung'])[j]),
						'en', format('Module %s: %s', j, (array['Data protection','Social media','Digital funding','Network meeting','Online meetings','Reflection','Cloud tools','Accessibility','Open exchange','Digital membership'])[j])),
					jsonb_build_object('de', format(E'In diesem Modul lernen Vereine, wie sie **%s** im Alltag nutzen.\n\n- Beispiele aus der Praxis\n- Übungen in kleinen Gruppen\n- Material zum Mitnehmen', (array['Datenschutz','Social Media','Fördermittel','Netzwerke','Online-Sitzungen','Erfahrungen','Cloud-Werkzeuge','Barrierefreiheit','Austausch','Mitgliederverwaltung'])[j])),
					(array['in_person','online','hybrid'])[1 + (j % 3)]::item_format,
					case when j = 9 and p.n % 4 = 0 then 'cancelled' when j = 8 and p.n % 5 = 0 then 'postponed' else 'scheduled' end::item_state,
					true,
					case when p.n = ${S.projects}::int and j = 1 then ${S.bigItemRegistrations + 1000}::int else 420 end,
					j % 3 = 0, j = 7,
					(array['["kommunikation"]','["daten"]','["finanzen"]','["vernetzung"]','["kommunikation"]','[]','["infrastruktur"]','["teilhabe"]','[]','["organisation"]'])[j]::jsonb
				from (select id, row_number() over (order by id) as n from project where id > ${first}) p, generate_series(1, ${S.itemsPerProject}) j`;
			const items = await tx`select i.id, i.project_id, i.per_session from programme_item i where i.project_id > ${first} order by i.id`;
			const bigItemId = items.find((i) => i.project_id === lastProject.id).id;

			// Sessions, 10:00–13:00 Berlin time: a series item (registered per session: j = 3, 6, 9) has 24 dates over the
			// project's whole runtime; the others 4 days in their own tenth of it. 100 per project.
			await tx`
				insert into programme_session (item_id, starts_at, ends_at, track, city, address)
				select i.id, (d.day + time '10:00') at time zone 'Europe/Berlin', (d.day + time '13:00') at time zone 'Europe/Berlin', '',
					case when i.format = 'online' then '' else (${tx.array(words.city)}::text[])[1 + (i.id + s) % 20] end,
					case when i.format = 'online' then '' else format('Vereinsstraße %s', 1 + (i.id * 7 + s) % 120) end
				from programme_item i join project p on p.id = i.project_id,
					lateral generate_series(0, case when i.per_session then ${S.seriesSessions - 1}::int else ${S.itemSessions - 1}::int end) s,
					lateral (select p.runtime_start + case when i.per_session then s * (p.runtime_end - p.runtime_start) / ${S.seriesSessions}::int
						else ((i.position - 1) * ${S.itemSessions}::int + s) * (p.runtime_end - p.runtime_start) / ${S.itemsPerProject * S.itemSessions}::int end as day) d
				where p.id > ${first}`;
			step('sessions');

			// Organisations: 2,000 names (origin × kind × city), 90 % confirmed.
			await tx`
				insert into organisation (name, confirmed, legal_form, city, federal_state, year_founded, member_count, languages, fields_of_activity, contact_email)
				select format('%s %s %s', (${tx.array(words.origin)}::text[])[1 + o % 10], (${tx.array(words.kind)}::text[])[1 + (o / 10) % 10], (${tx.array(words.city)}::text[])[1 + (o / 100) % 20]),
					o % 10 <> 9, 'e.V.', (${tx.array(words.city)}::text[])[1 + (o / 100) % 20], '', 1970 + o % 55, 10 + o % 400,
					'["de"]'::jsonb, '["Bildung"]'::jsonb, format('kontakt%s@verein.example', o)
				from generate_series(0, ${S.organisations - 1}) o
				on conflict ((lower(name))) do nothing`;
			step('organisations');
			const orgRange = (await tx`select min(id) as lo, count(*) as n from organisation where contact_email like 'kontakt%@verein.example'`)[0];

			// Registrations: the big item gets 5,000 (k = 0..4999), the other 499 items share the rest.
			// Person of (item, k) = (item * 397 + k) mod 20,000: distinct within an item, ~10 items per person.
			const rest = S.registrations - S.bigItemRegistrations;
			const perItem = Math.floor(rest / (items.length - 1));
			const extra = rest - perItem * (items.length - 1); // the first `extra` small items get one more
			await tx`
				with slots as (
					select i.id as item_id, i.per_session, i.requires_approval, i.project_id, k, ss.sessions
					from (select item_id, array_agg(id order by starts_at) as sessions from programme_session group by item_id) ss
						join (select *, row_number() over (order by id) as n from programme_item where project_id > ${first} and id <> ${bigItemId}::int
							union all select *, 0 from programme_item where id = ${bigItemId}::int) i on i.id = ss.item_id
						cross join generate_series(0, case when i.n = 0 then ${S.bigItemRegistrations - 1}::int when i.n <= ${extra}::int then ${perItem}::int else ${perItem - 1}::int end) k
				), shaped as (
					select sl.*, (sl.item_id * 397 + sl.k) % ${S.people} as person,
						case when sl.per_session then sl.sessions[1 + sl.k % array_length(sl.sessions, 1)] end as session_id,
						p.runtime_end < current_date as past, p.runtime_start, (sl.item_id * 31 + sl.k * 17) % 100 as roll
					from slots sl join project p on p.id = sl.project_id
				)
				insert into registration (item_id, session_id, status, name, email, organisation_id, language, needs, privacy_version, privacy_accepted_at,
					photo_consent, email_confirmed_at, confirm_token_hash, confirm_expires_at, created_at, updated_at)
				select item_id, session_id, st.status::registration_status,
					format('%s %s', (array['Ayşe','Mehmet','Olena','Ahmad','Fatima','Dmytro','Irina','Lukas','Amina','Yusuf','Anna','Omar','Svitlana','Hüseyin','Leyla','Jonas'])[1 + person % 16],
						(array['Yılmaz','Kovalenko','Al-Hassan','Schmidt','Petrenko','Demir','Nguyen','Ivanova','Öztürk','Haddad','Müller','Kaya','Shevchenko','Rahimi','Wagner','Bondarenko'])[1 + (person / 16) % 16]),
					format('person%s@teilnahme.example', person),
					case when person % 11 < 9 then ${Number(orgRange.lo)}::int + person % ${Number(orgRange.n)}::int end,
					(array['de','de','de','tr','ar','ru','uk','en'])[1 + person % 8],
					case when roll % 23 = 0 then 'Rollstuhlgerechter Zugang' else '' end,
					'2026-11-28', c.at, person % 3 = 0,
					case when st.status in ('confirmed', 'cancelled') or (st.status = 'waitlisted' and roll % 2 = 0) then c.at + interval '20 minutes' end,
					md5('scale-' || item_id || '-' || k), c.at + interval '48 hours', c.at, c.at
				from shaped,
					lateral (select case
						when past then case when roll < 80 then 'confirmed' when roll < 92 then 'cancelled' else 'expired' end
						when roll < 55 then 'confirmed' when roll < 63 then 'held' when roll < 68 then (case when requires_approval then 'awaiting_approval' else 'confirmed' end)
						when roll < 80 then 'waitlisted' when roll < 92 then 'cancelled' else 'expired' end as status) st,
					lateral (select least(now() - interval '1 hour', runtime_start - interval '20 days' + (k % 60) * interval '13 hours') as at) c`;
			step('registrations');

			// Held ones are still within their 48 hours (the form's rule): created in the last day.
			await tx`update registration set created_at = now() - interval '1 hour' * (id % 24), updated_at = now() - interval '1 hour' * (id % 24),
				privacy_accepted_at = now() - interval '1 hour' * (id % 24), confirm_expires_at = now() + interval '24 hours'
				where status = 'held' and item_id in (select id from programme_item where project_id > ${first})`;
			step('held');

			// Attendance for every session in the past: place-holding registrations of its scope, 85 % present.
			await tx`
				insert into attendance (registration_id, session_id, present, marked_at, marked_by)
				select r.id, s.id, (r.id + s.id) % 100 < 85, s.ends_at + interval '1 hour', null
				from programme_session s join registration r on r.item_id = s.item_id and (r.session_id is null or r.session_id = s.id)
				where s.ends_at < now() and r.status = 'confirmed' and s.item_id in (select id from programme_item where project_id > ${first})
				order by r.id, s.id`;
			step('attendance');

			// Certificates: a third of the confirmed registrations of finished items who were present.
			await tx`
				insert into certificate (registration_id, code, name, item_title, attended, total, issued_at)
				select r.id, 'sk' || substr(md5('cert-' || r.id), 1, 14), r.name, i.title->>'de', a.attended, a.total, a.last + interval '2 days'
				from registration r join programme_item i on i.id = r.item_id,
					lateral (select count(*) filter (where present)::int as attended, count(*)::int as total, max(marked_at) as last from attendance where registration_id = r.id) a
				where i.project_id > ${first} and r.status = 'confirmed' and r.id % 3 = 0 and a.attended > 0
					and not exists (select 1 from programme_session s where s.item_id = r.item_id and s.ends_at >= now())`;
			step('certificates');

			const counts = {};
			for (const [table, where] of [
				['project', tx`id > ${first}`],
				['programme_item', tx`project_id > ${first}`],
				['programme_session', tx`item_id in (select id from programme_item where project_id > ${first})`],
				['organisation', tx`contact_email like 'kontakt%@verein.example'`],
				['registration', tx`item_id in (select id from programme_item where project_id > ${first})`],
				['attendance', tx`session_id in (select s.id from programme_session s join programme_item i on i.id = s.item_id where i.project_id > ${first})`],
				['certificate', tx`code like 'sk%'`]
			])
				counts[table] = Number((await tx`select count(*) as n from ${tx(table)} where ${where}`)[0].n);
			counts.people = Number((await tx`select count(distinct email) as n from registration where email like 'person%@teilnahme.example'`)[0].n);
			return { bigItemId, projectSlug: lastProject.slug, pastProjectSlug: projects[0].slug, counts };
		});
		await sql`analyze`;
		return { ...result, seconds: (performance.now() - started) / 1000 };
	} finally {
		await sql.end();
	}
}
