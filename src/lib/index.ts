// Shared code lives in domain folders under src/lib; import them as `#lib/<domain>/<file>.ts`.
export {};
