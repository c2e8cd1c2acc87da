/**
 * Every export kind (jobs/exports.ts), registered when the app starts (app.ts imports this file),
 * so that whichever instance picks a job up can run it. A domain that adds a kind registers it in
 * its own module (`registerExportKind(...)` at its top level) and adds one import line here.
 */
import '../handbook/files.ts';
import '../reports/report-exports.ts';
