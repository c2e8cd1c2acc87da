// Every page is complete server-rendered HTML and every form a plain POST: the app works without
// JavaScript and ships none, which keeps pages small on a weak phone connection.
export const csr = false;
