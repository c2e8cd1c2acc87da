/**
 * The widget's UI strings for the six languages. The table is put in at build time from the
 * message catalogues (messages/*.json, keys in src/widget/build.ts: WIDGET_MESSAGES), so the widget
 * says exactly what the platform's own pages say ("Noch 3 Plätze frei", "Anmelden").
 */
export type WidgetLocale = 'de' | 'en' | 'tr' | 'ar' | 'ru' | 'uk';

export interface WidgetStrings {
	/** Intl locale for dates (the platform's own, src/lib/programme/dates.ts). */
	intl: string;
	dir: 'ltr' | 'rtl';
	register: string;
	waitlistRegister: string;
	consultBook: string;
	/** "Noch 1 Platz frei"; `other` has a {count}. */
	one: string;
	other: string;
	open: string;
	waitlist: string;
	closed: string;
	consult: string;
	past: string;
	cancelled: string;
	postponed: string;
	all: string;
	error: string;
	empty: string;
	newTab: string;
	format: { in_person: string; online: string; hybrid: string };
}

declare const __BILDUNGSTURBO_WIDGET_STRINGS__: Record<WidgetLocale, WidgetStrings>;

export const STRINGS = __BILDUNGSTURBO_WIDGET_STRINGS__;
