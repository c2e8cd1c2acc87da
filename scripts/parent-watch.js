// Preloaded into the server when scripts/start.js starts it: when start.js ends without passing a
// signal on (killed with SIGKILL, say), the IPC channel closes and the server shuts down as on
// SIGTERM, instead of holding its port as an orphan. Without a channel it does nothing.
if (process.channel) {
	process.channel.unref();
	process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
