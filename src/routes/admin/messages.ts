// The backoffice's pages import `t` from here; the one implementation is in src/lib/i18n/message.ts.
export { t } from '#lib/i18n/message.ts';
