/**
 * The built-in demo: the two projects of the programme page in shared/seeds/000_600fc4ad0e7a2127.txt,
 * transcribed faithfully, mistakes included (02.04.2024 in a 2022 project, "Lorem ipsum", the expired
 * Zoom meeting 81538756610, missing numbers, 10 announced Wednesdays in a range that holds 12), so that
 * the publish check has something to show. Where an item's text has "Topic: details", the part before
 * the first colon is the title and the rest the description; together they are the seed's text.
 *
 * The seed gives no times of day: workshops are entered as 10:00–17:00, the online series as two
 * 2-hour slots (16:00 and 18:00). Digit-Ready I has no runtime on the seed, so none is entered.
 */
import { DateTime } from 'luxon';
import type { Translatable } from '../../content/translatable.ts';
import { ZONE } from '../../programme/time.ts';
import type { SeriesRule } from '../../programme/series.ts';

export interface DemoItem {
	number: number | null;
	kind: 'workshop' | 'reflection' | 'consultation_series' | 'lecture' | 'other';
	format: 'in_person' | 'online';
	state: 'scheduled' | 'date_tba' | 'bundled';
	stateNote?: Translatable;
	title: Translatable;
	description?: Translatable;
	/** In-person days: date and city (and venue address); online items' days have no city. */
	days?: { date: string; city: string; address?: string; start?: string; end?: string }[];
	series?: SeriesRule;
	zoom?: { meetingCode: string; recurring: boolean };
	/** A video room for an online item (the current demo project). */
	jitsi?: { joinUrl: string };
	registrationOpen?: boolean;
	capacity?: number;
}

export interface DemoProject {
	slug: string;
	/** Draft or published; the seed's projects are the published legacy. */
	status?: 'draft' | 'published';
	title: Translatable;
	phaseName: string;
	fundingProgramme: string;
	funder: string;
	runtimeStart: string | null;
	runtimeEnd: string | null;
	description: Translatable;
	items: DemoItem[];
}

const HEADING =
	'Qualifizierungsmaßnahmen zur Steigerung der Digitalisierungs- und Innovationskompetenz von migrantischen Selbstorganisationen (MSO), Initiativen, Netzwerken und einzelnen Akteuren"';

/** The seed's online series: Wednesdays 06.04.–22.06.2022, two tracks, 10 dates announced (the range holds 12). */
export const SEED_ONLINE_SERIES: SeriesRule = {
	weekday: 3,
	from: '2022-04-06',
	to: '2022-06-22',
	slots: [
		{ start: '16:00', end: '18:00', track: 'Beratung Organisationsentwicklung' },
		{ start: '18:00', end: '20:00', track: 'Beratung Digitale Infrastruktur' }
	],
	excludedDates: [],
	announcedDates: 10
};

export const WORKSHOP_HOURS = { start: '10:00', end: '17:00' };

export const DEMO_PROJECTS: DemoProject[] = [
	{
		slug: 'digit-ready-ii',
		title: { de: HEADING },
		phaseName: 'Digit-Ready II',
		fundingProgramme: 'Bildungsturbo',
		funder: 'DSEE',
		runtimeStart: '2022-01-01',
		runtimeEnd: '2022-06-30',
		description: {
			de: [
				'Der erste Projektabschnitt hat enorme Defizite hinsichtlich Digitalisierung- und Innovationskompetenz bei Organisationen mit überwiegend Migrationserfahrung aufgezeigt.',
				'Die Kluft ist sehr deutlich zu spüren, wenn MSO und andere Vereine deren Mitglieder überwiegend deutschsprachig überlegen sind, an gemeinsam Veranstaltungen teilnehmen.',
				'Der fehlende Zugang zu digitalen Infrastrukturen und Materialen, das Fehlen von physischen Örtlichkeiten und die fehlende Begleitung erschweren zunehmend die Zusammenarbeit in die Zivilgesellschaft und damit das ehrenamtliche Engagement zahlreicher Vereine, die den Schritt in die digitale Welt verpasst haben. Viele Vereine sind vor dem Aus, da sie nicht mehr ihre Mitglieder erreichen können und die Aktivitäten aufgrund der beschränkten Kontaktbewegungen seit der Pandemie pausieren.\nEine wichtige Erkenntnis des ersten Abschnitts war, dass für Viele Vereine und deren Entscheidungsträgern die Voraussetzung für die Transformation und damit für den Aufbau der digitalen Kompetenz fehlen. Es muss also einen Schritt zurück gemacht werden, d.h. die Basis für den Aufbau der digitalen Kompetenz sichergestellt werden.\nZiel dieses Projekts Digit-Ready II ist es daher, aufbauend auf die Ergebnisse des ersten Abschnitts und unter Berücksichtigung der aufgenommenen Defizite von vielen Vereinen, die Qualifizierungsmaßnahmen von MSO zu intensivieren und vor allem Beratungsmöglichkeiten der Transformation anzubieten. Fokus soll hier auf die Organisationsentwicklung vor dem Hintergrund der Digitalisierungskompetenz liegen. Prototypisch soll zusammen mit einer Gruppe von ca. 5 Vereinen einen Organisationsentwicklungsansatz für MSO gestartet werden und die Ergebnisse im Transferhandbuch festgehalten werden. In einer späteren Projektphase könnte diesen Ansatz optimiert und bundesweit skaliert werden.'
			].join('\n\n')
		},
		items: [
			{
				number: 1,
				kind: 'workshop',
				format: 'in_person',
				state: 'scheduled',
				title: { de: 'Workshop mit Organisationsexperten aus MSO I' },
				description: { de: 'Konzipierung eines Organisationsentwicklungsansatzes für MSO' },
				days: [
					{ date: '2022-03-19', city: 'Köln' },
					{ date: '2022-03-20', city: 'Köln' }
				]
			},
			{
				number: null,
				kind: 'workshop',
				format: 'in_person',
				state: 'scheduled',
				title: { de: 'Workshop mit Organisationsexperten aus MSO II' },
				description: { de: 'Konzipierung eines Organisationsentwicklungsansatzes für MSO' },
				days: [
					{ date: '2022-03-26', city: 'Berlin' },
					{ date: '2022-03-27', city: 'Berlin' }
				]
			},
			{
				number: null,
				kind: 'reflection',
				format: 'in_person',
				state: 'scheduled',
				title: { de: 'Reflektion mit Zielgruppen' },
				description: {
					de: 'MSO auf dem Weg zur digitalen Organisation Teil I: Vereinsstruktur; Zusammenarbeitsmodelle; Methoden und Tools'
				},
				days: [{ date: '2024-04-02', city: 'Frankfurt' }]
			},
			{
				number: null,
				kind: 'reflection',
				format: 'in_person',
				state: 'scheduled',
				title: { de: 'Reflektion mit Zielgruppen' },
				description: {
					de: 'MSO auf dem Weg zur digitalen Organisation Teil II: Struktur; Zusammenarbeitsmodelle; Methoden und Tools'
				},
				days: [
					{ date: '2022-05-07', city: 'Stuttgart' },
					{ date: '2022-05-08', city: 'Stuttgart' }
				]
			},
			{
				number: null,
				kind: 'workshop',
				format: 'in_person',
				state: 'scheduled',
				title: { de: 'Aufbau von Digitalen Kommunikationskanälen und digitales Projektmanagement' },
				days: [
					{ date: '2022-05-21', city: 'Berlin' },
					{ date: '2022-05-22', city: 'Berlin' }
				]
			},
			{
				number: null,
				kind: 'reflection',
				format: 'in_person',
				state: 'scheduled',
				title: { de: 'Reflexion und Weiterentwicklungsansätze – Inhalte für das Transferhandbuch' },
				days: [
					{ date: '2022-06-25', city: 'München' },
					{ date: '2022-06-26', city: 'München' }
				]
			},
			{
				number: null,
				kind: 'consultation_series',
				format: 'online',
				state: 'scheduled',
				title: { de: 'Beratung Organisationsentwicklung und Beratung Digitale Infrastruktur' },
				description: {
					de: '10 x 2 Termine Jeweils 2 Std; mittwochs\n\nTeilnahme per Zoom\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit. Ut elit tellus, luctus nec ullamcorper mattis, pulvinar dapibus leo.'
				},
				series: SEED_ONLINE_SERIES,
				zoom: { meetingCode: '81538756610', recurring: true }
			}
		]
	},
	{
		slug: 'digit-ready-i',
		title: { de: HEADING },
		phaseName: 'Digit-Ready I',
		fundingProgramme: 'Bildungsturbo',
		funder: 'DSEE',
		runtimeStart: null,
		runtimeEnd: null,
		description: {
			de: [
				'Organisationen mit Migrationserfahrung sind heute anerkannter Akteure der Zivilgesellschaft. Für die meisten dieser Organisationen sowie engagierter einzelner Akteure ist die Digitalisierung Chance und Herausforderung gleichermaßen.',
				'Das Projekt Digit-Ready richtet sich, in erster Linie, aber nicht ausschließlich, an Organisationen und Akteure mit Migrationshintergrund. Die Bedarfe und Besonderheiten dieser Organisationsgruppen werden oft nicht bei der Konzipierung von Bildungsinhalten berücksichtigt. Hinzu kommt, dass viele Akteure dieser Organisation oftmals den notwendigen Bildungs- bzw. Digitalisierungsbackground nicht haben und beherrschen nicht die Werkzeuge zur effektiveren Gestaltung der Vereinsprozesse. Oftmals fehlt es an einfachen Kommunikationsinhalte und –Formate. Eine wesentliche Folge ist, dass dadurch der Zugang zu bestimmten Fördertöpfen sehr limitiert bleibt und ihre Integrations-, und Vernetzungsfähigkeit im Rahmen des zivilgesellschaftlichen Engagements enorm darunter leidet.',
				'Inhalt des Projekts Digit-Ready ist also die Entwicklung neuer und Weiterentwicklung bestehender Bildungsinhalte und Formate, zugeschnitten an die Bedürfnisse der Zielgruppen, um einerseits die strukturellen und prozessualen Veränderungen, die durch Digitalisierung angestoßen werden, für ein erfolgreiches ehrenamtliches Engagement als zivilgesellschaftlicher Akteure zu unterstützen, und andererseits ihre Innovationskompetenz zu stärken. Dazu zählt auch die Entwicklung neuer und Weiterentwicklung bestehender Organisationsformen, die Vermittlung von Innovationsmethoden, aber auch die Art und Weise, wie sich Mitglieder, Förderangebote, Spendenverhalten oder ehrenamtliches Engagement im Zeitalter der Digitalisierung verändern werden.'
			].join('\n\n')
		},
		items: [
			{
				number: 1,
				kind: 'workshop',
				format: 'in_person',
				state: 'scheduled',
				title: {
					de: 'Digitalisierung und Zivilgesellschaftlisches Engagement“',
					en: 'Digitalization and civil society engagement”'
				},
				description: {
					de: 'Digitale Kompetenz und weiterbildungsbedarf. Was benötigen wir als Vereine? Worauf kommt es an?',
					en: 'need analysis for migrant and Diaspora organizations.'
				},
				days: [{ date: '2021-10-16', city: 'Worms' }]
			},
			{
				number: null,
				kind: 'workshop',
				format: 'in_person',
				state: 'scheduled',
				title: {
					de: 'Die Digitalisierung bringt viel Veränderungen mit sich. Wie kann ich als Organisation meine Veränderungsfähigkeit & Agilität fördern? Was ist meine Rolle dabei als Treiber?',
					en: 'Digitalization brings a lot of change with it. How can we, as an organization, promote our capacity for change and agility? What is my role in this as a driver?'
				},
				days: [{ date: '2021-10-23', city: 'Berlin' }]
			},
			{
				number: null,
				kind: 'workshop',
				format: 'in_person',
				state: 'scheduled',
				title: { de: 'Digitalisierungsinfrastruktur und Tools für Vereine' },
				description: {
					de: 'Welche Tools für welchen Zweck. Wie kann ich meine IT- und Digitale Infrastruktur aufbauen und betreiben?'
				},
				days: [{ date: '2021-10-30', city: 'Stuttgart' }]
			},
			{
				number: null,
				kind: 'workshop',
				format: 'in_person',
				state: 'scheduled',
				title: {
					de: 'Digitale Lösungsangebote von MSO gemeinsam entwickeln – Wie können wir Interaktionen mit Begünstigten, Angeboten und Services im digitalen Zeitalter optimieren?',
					en: 'Developing Migrants Organisations’ Digital Solution Offerings Together – How can we optimise beneficiary interactions, offerings and services in the digital age?'
				},
				days: [{ date: '2021-11-20', city: 'Aachen' }]
			},
			{
				number: null,
				kind: 'workshop',
				format: 'in_person',
				state: 'scheduled',
				title: {
					de: 'Steigerung der digitalen und Online-Kompetenz von MSO',
					en: 'Increase the digital and online competence of MSOs'
				},
				description: {
					de: 'Vernetzung, Kommunikation, Öffentlichkeitsarbeit fördern – Steigerung der Sichtbarkeit durch Social Media (Branding, etc.)',
					en: 'promote networking, communication, public relations – Increase visibility through social media (Branding, etc.)'
				},
				days: [{ date: '2021-11-21', city: 'Köln' }]
			},
			{
				number: null,
				kind: 'workshop',
				format: 'in_person',
				state: 'bundled',
				stateNote: { de: 'Wird mit einem anderen Projekt gebündelt werden' },
				title: { de: 'Multiplikatorenbildung und Nachwuchsgewinnung in der Vereinsarbeit' },
				description: { de: 'Digitalisierung als enabler' }
			},
			{
				number: null,
				kind: 'workshop',
				format: 'in_person',
				state: 'date_tba',
				title: { de: 'Innovative Projekte in Vereinen entwickeln. Ein Design Thinking Workshop' }
			},
			{
				number: null,
				kind: 'workshop',
				format: 'in_person',
				state: 'date_tba',
				title: {
					de: 'Wie können Organisationen die Zusammenarbeit untereinander steigern? Gemeinsame Digitalisierungsprojekte entwickeln'
				}
			}
		]
	}
];

/** A date string of `date` plus `days`. */
function addDays(date: string, days: number): string {
	return DateTime.fromISO(date, { zone: ZONE }).plus({ days }).toISODate()!;
}

/** The two tracks of the consultation series, as the seed names them (the programme's sessions carry the German name). */
export const CONSULTATION_TRACKS: { name: string; title: Translatable; start: string; end: string }[] = [
	{
		name: 'Beratung Organisationsentwicklung',
		start: '16:00',
		end: '18:00',
		title: {
			de: 'Beratung Organisationsentwicklung',
			en: 'Consultation: organisational development',
			tr: 'Danışmanlık: örgütsel gelişim',
			ar: 'استشارة: تطوير المنظمة',
			ru: 'Консультация: развитие организации',
			uk: 'Консультація: розвиток організації'
		}
	},
	{
		name: 'Beratung Digitale Infrastruktur',
		start: '18:00',
		end: '20:00',
		title: {
			de: 'Beratung Digitale Infrastruktur',
			en: 'Consultation: digital infrastructure',
			tr: 'Danışmanlık: dijital altyapı',
			ar: 'استشارة: البنية التحتية الرقمية',
			ru: 'Консультация: цифровая инфраструктура',
			uk: 'Консультація: цифрова інфраструктура'
		}
	}
];

/**
 * The current project's consultation series: eight Wednesdays from the one after the online
 * evening (so the programme's first dates stay the workshop and the evening), two 2-hour tracks
 * like the seed's. Every slot is bookable from the first start on (a track books 90 days ahead).
 */
export function currentConsultationSeries(now: Date): SeriesRule {
	const base = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day').plus({ days: 21 });
	const from = base.plus({ days: ((3 - base.weekday + 7) % 7) + 7 });
	return {
		weekday: 3,
		from: from.toISODate()!,
		to: from.plus({ weeks: 7 }).toISODate()!,
		slots: CONSULTATION_TRACKS.map((t) => ({ start: t.start, end: t.end, track: t.name })),
		excludedDates: [],
		announcedDates: 8
	};
}

/**
 * A current project, fictional and marked so ("(fiktives Beispiel)"), with dates computed from the
 * day of the first start, so that a newcomer finds something to register for at once: a two-day
 * workshop on the first Friday and Saturday of next month with 25 places, and an online evening on
 * a Wednesday about three weeks ahead. Clean for the publish check (no errors).
 */
export function currentDemoProject(now: Date): DemoProject {
	const today = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day');
	const nextMonth = today.plus({ months: 1 }).startOf('month');
	const friday = nextMonth.plus({ days: (5 - nextMonth.weekday + 7) % 7 }).toISODate()!;
	const base = today.plus({ days: 21 });
	const wednesday = base.plus({ days: (3 - base.weekday + 7) % 7 }).toISODate()!;
	const runtimeStart = today.startOf('month').toISODate()!;
	return {
		slug: 'digit-ready-iii',
		status: 'published',
		title: {
			de: 'Digit-Ready III: Vereine digital aufstellen (fiktives Beispiel)',
			en: 'Digit-Ready III: getting associations ready for digital work (fictional example)',
			tr: 'Digit-Ready III: Dernekleri dijitale hazırlamak (kurgusal örnek)',
			ar: 'ديجيت-ريدي III: تهيئة الجمعيات للعمل الرقمي (مثال خيالي)',
			ru: 'Digit-Ready III: готовим объединения к цифровой работе (вымышленный пример)',
			uk: 'Digit-Ready III: готуємо об’єднання до цифрової роботи (вигаданий приклад)'
		},
		phaseName: 'Digit-Ready III (fiktiv)',
		fundingProgramme: 'Bildungsturbo',
		funder: 'DSEE',
		runtimeStart,
		runtimeEnd: addDays(nextMonth.plus({ months: 6 }).toISODate()!, -1),
		description: {
			de: 'Ein fiktives Beispielprojekt zum Ausprobieren: Melden Sie sich an, bestätigen Sie die E-Mail und sehen Sie Ihre Teilnahmeseite. Die Termine liegen immer in den kommenden Wochen.',
			en: 'A fictional example project to try things out: register, confirm the email and see your participant page. Its dates always lie in the coming weeks.',
			tr: 'Denemek için kurgusal bir örnek proje: Kaydolun, e-postayı onaylayın ve katılımcı sayfanızı görün. Tarihler her zaman önümüzdeki haftalardadır.',
			ar: 'مشروع تجريبي خيالي للتجربة: سجّلوا، وأكدوا البريد الإلكتروني، وشاهدوا صفحة المشاركة الخاصة بكم. تقع المواعيد دائمًا في الأسابيع القادمة.',
			ru: 'Вымышленный проект для пробы: зарегистрируйтесь, подтвердите адрес эл. почты и откройте свою страницу участника. Даты всегда приходятся на ближайшие недели.',
			uk: 'Вигаданий проєкт для спроби: зареєструйтеся, підтвердьте адресу ел. пошти й відкрийте свою сторінку учасника. Дати завжди припадають на найближчі тижні.'
		},
		items: [
			{
				number: 1,
				kind: 'workshop',
				format: 'in_person',
				state: 'scheduled',
				registrationOpen: true,
				capacity: 25,
				title: {
					de: 'Workshop: Der digitale Verein',
					en: 'Workshop: the digital association',
					tr: 'Atölye: Dijital dernek',
					ar: 'ورشة عمل: الجمعية الرقمية',
					ru: 'Семинар: цифровое объединение',
					uk: 'Семінар: цифрове об’єднання'
				},
				description: {
					de: 'Zwei Tage für Vorstände und Aktive: Mitgliederverwaltung, Kommunikation und Datenschutz im Verein.',
					en: 'Two days for boards and active members: member administration, communication and data protection in the association.',
					tr: 'Yönetim kurulları ve aktif üyeler için iki gün: üye yönetimi, iletişim ve dernekte veri koruma.',
					ar: 'يومان لمجالس الإدارة والأعضاء النشطين: إدارة الأعضاء والتواصل وحماية البيانات في الجمعية.',
					ru: 'Два дня для правлений и активистов: учёт членов, коммуникация и защита данных в объединении.',
					uk: 'Два дні для правлінь і активістів: облік членів, комунікація та захист даних в об’єднанні.'
				},
				days: [
					{ date: friday, city: 'Köln', address: 'Bürgerzentrum Beispielstraße 1, 50667 Köln' },
					{ date: addDays(friday, 1), city: 'Köln', address: 'Bürgerzentrum Beispielstraße 1, 50667 Köln' }
				]
			},
			{
				number: 2,
				kind: 'lecture',
				format: 'online',
				state: 'scheduled',
				registrationOpen: true,
				capacity: 60,
				title: {
					de: 'Online-Abend: Datenschutz im Verein',
					en: 'Online evening: data protection in the association',
					tr: 'Çevrimiçi akşam: Dernekte veri koruma',
					ar: 'أمسية عبر الإنترنت: حماية البيانات في الجمعية',
					ru: 'Онлайн-вечер: защита данных в объединении',
					uk: 'Онлайн-вечір: захист даних в об’єднанні'
				},
				days: [{ date: wednesday, city: '', start: '18:00', end: '20:00' }],
				jitsi: { joinUrl: 'https://meet.jit.si/bildungsturbo-demo-datenschutz' }
			},
			{
				number: 3,
				kind: 'consultation_series',
				format: 'online',
				state: 'scheduled',
				title: {
					de: 'Beratung für Vereine: Organisationsentwicklung und Digitale Infrastruktur',
					en: 'Consultations for associations: organisational development and digital infrastructure',
					tr: 'Dernekler için danışmanlık: örgütsel gelişim ve dijital altyapı',
					ar: 'استشارات للجمعيات: تطوير المنظمة والبنية التحتية الرقمية',
					ru: 'Консультации для объединений: развитие организации и цифровая инфраструктура',
					uk: 'Консультації для об’єднань: розвиток організації та цифрова інфраструктура'
				},
				description: {
					de: 'Zwei Stunden online mit einer Beraterin oder einem Berater, für Ihren Verein allein: Sie bringen Ihre Fragen mit und gehen mit nächsten Schritten für Ihren Entwicklungsplan. Ein Verein bucht einen Termin für bis zu vier Personen.',
					en: 'Two hours online with a consultant, for your association alone: bring your questions and leave with next steps for your development plan. An association books a slot for up to four people.',
					tr: 'Yalnızca derneğiniz için bir danışmanla iki saat çevrim içi: Sorularınızı getirin, gelişim planınız için sonraki adımlarla ayrılın. Bir dernek en fazla dört kişi için randevu alır.',
					ar: 'ساعتان عبر الإنترنت مع مستشار أو مستشارة لجمعيتكم وحدها: أحضروا أسئلتكم واخرجوا بخطوات تالية لخطة التطوير. تحجز الجمعية موعدًا لما يصل إلى أربعة أشخاص.',
					ru: 'Два часа онлайн с консультантом только для вашего объединения: приходите со своими вопросами и уходите со следующими шагами для плана развития. Объединение бронирует время для четырёх человек максимум.',
					uk: 'Дві години онлайн з консультантом лише для вашого об’єднання: приходьте зі своїми питаннями й ідіть із наступними кроками для плану розвитку. Об’єднання бронює час щонайбільше для чотирьох осіб.'
				},
				series: currentConsultationSeries(now),
				jitsi: { joinUrl: 'https://meet.jit.si/bildungsturbo-demo-beratung' }
			}
		]
	};
}
