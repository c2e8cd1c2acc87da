/** All sessions are planned and shown in this zone, whatever the server's or the viewer's zone. */
export const ZONE = 'Europe/Berlin';
