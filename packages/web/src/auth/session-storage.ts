/** The signed-in session, kept in sessionStorage so it dies with the tab (45-minute JWT from the API). */
export interface StoredSession {
  token: string;
  username: string;
  expiresAt: number;
}

const KEY = "drso.session";
/** How long before expiry the operator is warned that they will be signed out. */
export const EXPIRY_WARNING_MS = 5 * 60_000;

export const readSession = (): StoredSession | undefined => {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  try {
    const s = JSON.parse(raw) as StoredSession;
    return s.expiresAt > Date.now() ? s : undefined;
  } catch {
    return undefined;
  }
};

export const writeSession = (s: StoredSession): void => sessionStorage.setItem(KEY, JSON.stringify(s));
export const clearSession = (): void => sessionStorage.removeItem(KEY);
