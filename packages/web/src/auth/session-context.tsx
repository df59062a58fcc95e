import type { Permission } from "@drso/core";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { configureApiClient } from "../api/api-client";
import { getPermissions, login as loginCall, type UserPermissions } from "../api/resources";
import { clearSession, readSession, type StoredSession, writeSession } from "./session-storage";

interface SessionValue {
  session?: StoredSession;
  /** Undefined while loading; the UI disables guarded actions until it knows. */
  permissions?: UserPermissions;
  permissionsError?: string;
  login: (username: string, password: string) => Promise<void>;
  logout: (reason?: string) => void;
  can: (p: Permission) => boolean;
  signedOutReason?: string;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<StoredSession | undefined>(() => readSession());
  const [permissions, setPermissions] = useState<UserPermissions>();
  const [permissionsError, setPermissionsError] = useState<string>();
  const [signedOutReason, setSignedOutReason] = useState<string>();

  const logout = useCallback((reason?: string) => {
    clearSession();
    setSession(undefined);
    setPermissions(undefined);
    setSignedOutReason(reason);
  }, []);

  // Wire the API client before children render so their first request carries the token.
  configureApiClient({
    getToken: () => readSession()?.token,
    onUnauthorized: () => logout("Your session has expired. Please sign in again."),
  });

  useEffect(() => {
    if (!session) return;
    let cancelled = false;
    getPermissions()
      .then((p) => {
        if (!cancelled) setPermissions({ ...p, roles: p.roles ?? [], permissions: p.permissions ?? [] });
      })
      .catch((e: Error) => !cancelled && setPermissionsError(e.message));
    const timer = setTimeout(
      () => logout("You were signed out because the 45-minute session ended."),
      Math.max(0, session.expiresAt - Date.now()),
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [session, logout]);

  const login = useCallback(async (username: string, password: string) => {
    const { token, expiresIn } = await loginCall(username, password);
    const s = { token, username, expiresAt: Date.now() + (expiresIn ?? 2700) * 1000 };
    writeSession(s);
    setSignedOutReason(undefined);
    setSession(s);
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      session,
      permissions,
      permissionsError,
      login,
      logout,
      signedOutReason,
      can: (p) => permissions?.permissions.includes(p) ?? false,
    }),
    [session, permissions, permissionsError, login, logout, signedOutReason],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export const useSession = (): SessionValue => {
  const v = useContext(SessionContext);
  if (!v) throw new Error("useSession outside SessionProvider");
  return v;
};
