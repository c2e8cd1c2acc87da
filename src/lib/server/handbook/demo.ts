/**
 * Demo: Digit-Ready II's transfer handbook, published: three written chapters in German (the first
 * also in Arabic) around the three generated ones, under CC BY-SA 4.0. Two of the five fictional
 * cohort associations agree to be named, so the programme chapter names them and no other.
 * Loads once, after the programme and check demos (src/lib/server/app.ts).
 */
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { handbook } from '../db/schema/handbook.ts';
import { organisation } from '../db/schema/organisations.ts';
import { programmeItem, project } from '../db/schema/programme.ts';
import { addMaterial } from '../programme/materials.ts';
import { createDocument } from '../reports/document.ts';
import { DEMO_COHORT_PROJECT, DEMO_ORGANISATIONS } from '../assessment/demo.ts';
import { addWrittenChapter, changeHandbookStatus, ensureHandbook, moveChapter, updateHandbookSettings } from './commands.ts';
import { GENERATORS } from '../../handbook/rules.ts';

/** The demo associations that agreed to be named (the others only count). */
export const DEMO_NAMED = [DEMO_ORGANISATIONS[0].name, DEMO_ORGANISATIONS[2].name];

export const DEMO_CHAPTERS = [
	{
		title: {
			de: 'Worum es in diesem Handbuch geht',
			ar: 'موضوع هذا الدليل'
		},
		body: {
			de: [
				'Digit-Ready II hat mit einer Gruppe von fünf Migrantenorganisationen einen Ansatz der Organisationsentwicklung erprobt, der bei der **digitalen Grundausstattung** eines Vereins beginnt: Wer entscheidet, wer kümmert sich, welche Werkzeuge nutzen wir?',
				'Dieses Handbuch hält fest, was wir getan haben und was wir dabei gelernt haben, damit andere Träger den Ansatz übernehmen und weiterentwickeln können. Es steht unter einer offenen Lizenz.',
				'Die Kapitel über das Programm, die Beratung und den Digital-Check entstehen bei jedem Aufruf neu aus den Daten der Plattform. Sie enthalten nur Zahlen und anonyme Mittelwerte; Vereine werden nur genannt, wenn sie zugestimmt haben.'
			].join('\n\n'),
			ar: [
				'جرّب مشروع Digit-Ready II مع مجموعة من خمس منظمات للمهاجرين نهجًا للتطوير المؤسسي يبدأ من **التجهيز الرقمي الأساسي** للجمعية: من يقرر، ومن يتولى المتابعة، وما الأدوات التي نستخدمها؟',
				'يوثّق هذا الدليل ما قمنا به وما تعلمناه، لكي تتمكن جهات أخرى من تبنّي هذا النهج وتطويره. وهو منشور بترخيص مفتوح.',
				'تُنشأ الفصول الخاصة بالبرنامج والاستشارات والفحص الرقمي من جديد من بيانات المنصة في كل مرة تُفتح فيها. وهي لا تحتوي إلا على أعداد ومتوسطات دون أسماء؛ ولا تُذكر الجمعيات إلا بموافقتها.'
			].join('\n\n')
		}
	},
	{
		title: { de: 'Erfahrungen aus der Praxis' },
		body: {
			de: [
				'### Klein anfangen',
				'Die Vereine kamen mit sehr unterschiedlichen Voraussetzungen. Bewährt hat sich, mit einer Sache zu beginnen, die sofort entlastet – etwa einem gemeinsamen Kalender oder einer geteilten Mitgliederliste – statt mit einer Gesamtstrategie.',
				'### Mehrere Stimmen hören',
				'Im Digital-Check antworten mehrere Personen eines Vereins. Wo ihre Einschätzungen auseinandergehen, lohnt das Gespräch: Oft sieht der Vorstand die Lage anders als die Aktiven.',
				'### Beratung in der eigenen Sprache',
				'Beratungstermine in der Herkunftssprache haben Hemmschwellen gesenkt. Die Termine wurden online angeboten, damit auch Vereine außerhalb der Großstädte teilnehmen konnten.'
			].join('\n\n')
		}
	},
	{
		title: { de: 'Empfehlungen für die nächste Phase' },
		body: {
			de: [
				'1. Den Digital-Check zu Beginn und nach etwa sechs Monaten wiederholen, damit Fortschritte sichtbar werden.',
				'2. Für jeden Verein eine verantwortliche Person für das Digitale benennen.',
				'3. Workshops und Beratung eng verzahnen: Jeder Workshop endet mit einem nächsten Schritt, den die Beratung aufgreift.',
				'4. Die Ergebnisse offen teilen, damit andere Träger darauf aufbauen können.'
			].join('\n')
		}
	}
];

/** Loads the demo handbook once (when Digit-Ready II has none yet). Returns true when it loaded. */
export async function loadHandbookDemo(db: Db, now: Date): Promise<boolean> {
	const [p] = await db.select({ id: project.id }).from(project).where(eq(project.slug, DEMO_COHORT_PROJECT));
	if (!p) return false;
	if ((await db.select({ id: handbook.id }).from(handbook).where(eq(handbook.projectId, p.id))).length) return false;
	await db.update(organisation).set({ mayBeNamed: true }).where(inArray(organisation.name, DEMO_NAMED));
	const id = await ensureHandbook(db, null, p.id, now);
	await updateHandbookSettings(
		db,
		null,
		id,
		{
			title: { de: 'Transferhandbuch Digit-Ready II', ar: 'دليل نقل المعرفة Digit-Ready II' },
			subtitle: { de: 'Organisationsentwicklung für Migrantenorganisationen im digitalen Wandel', ar: 'التطوير المؤسسي لمنظمات المهاجرين في التحول الرقمي' },
			licence: 'CC-BY-SA-4.0'
		},
		now
	);
	const [intro, ...rest] = DEMO_CHAPTERS;
	const introId = await addWrittenChapter(db, null, id, intro, now);
	// The introduction goes before the generated chapters; the others follow them.
	for (let i = 0; i < GENERATORS.length; i++) await moveChapter(db, null, introId, 'up', now);
	for (const c of rest) await addWrittenChapter(db, null, id, c, now);
	await addDemoMaterial(db, p.id, now);
	await changeHandbookStatus(db, null, id, 'submit', now);
	await changeHandbookStatus(db, null, id, 'publish', now);
	return true;
}

/** A one-page handout with the project's first numbered item, so the programme chapter lists a material. */
async function addDemoMaterial(db: Db, projectId: number, now: Date): Promise<void> {
	const [item] = await db
		.select({ id: programmeItem.id })
		.from(programmeItem)
		.where(and(eq(programmeItem.projectId, projectId), isNotNull(programmeItem.number)))
		.orderBy(asc(programmeItem.number))
		.limit(1);
	if (!item) return;
	const d = createDocument({ locale: 'de', title: DEMO_MATERIAL.de, branding: null });
	d.titleBlock();
	d.paragraph('Checkliste für den Einstieg: Wer ist im Vorstand für Digitales zuständig? Welche Werkzeuge nutzt der Verein schon? Was soll bis zum nächsten Treffen erledigt sein?');
	await addMaterial(db, null, item.id, { title: DEMO_MATERIAL, fileName: 'handout-digitaler-verein.pdf', bytes: new Uint8Array(await d.finish()) }, now);
}

export const DEMO_MATERIAL = { de: 'Handout: Der digitale Verein', en: 'Handout: The digital association' };
