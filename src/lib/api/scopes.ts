/** What an API token may do: read and/or write per domain (figures: read only). Pure; shared by the token service and the backoffice page. */
export const API_DOMAINS = ['registrations', 'attendance', 'organisations', 'consultations', 'figures'] as const;
export type ApiDomain = (typeof API_DOMAINS)[number];
export type ApiScope = `${ApiDomain}:${'read' | 'write'}`;
export const API_SCOPES: readonly ApiScope[] = API_DOMAINS.flatMap((d): ApiScope[] => (d === 'figures' ? [`${d}:read`] : [`${d}:read`, `${d}:write`]));

/** A token lives at most this long; the form proposes DEFAULT_TOKEN_DAYS. */
export const MAX_TOKEN_DAYS = 366;
export const DEFAULT_TOKEN_DAYS = 90;
