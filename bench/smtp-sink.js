// A local SMTP server for the registration burst (smtp-server, a devDependency already used by the
// outbox tests): accepts every mail without TLS or AUTH and notes when it arrived and for whom.
import { SMTPServer } from 'smtp-server';

/** Starts the sink on a free port: { url (for SMTP_URL), received: [{ at (performance.now()), to }], close() }. */
export async function startSmtpSink() {
	const received = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		maxClients: 100,
		onData(stream, session, done) {
			stream.on('data', () => {});
			stream.on('end', () => {
				const at = performance.now();
				for (const r of session.envelope.rcptTo) received.push({ at, to: r.address.toLowerCase() });
				done();
			});
		}
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `smtp://127.0.0.1:${server.server.address().port}`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}
