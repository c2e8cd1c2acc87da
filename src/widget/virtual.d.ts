/** The built widget script (src/widget/build.ts: widgetPlugin). */
declare module 'virtual:bildungsturbo-widget' {
	const script: string;
	export default script;
}
