import Alert from "@cloudscape-design/components/alert";
import Button from "@cloudscape-design/components/button";
import { useEffect, useState } from "react";
import { useSession } from "../auth/session-context";
import { EXPIRY_WARNING_MS } from "../auth/session-storage";

/** Warns the operator before the 45-minute session ends, so a recovery is not interrupted by surprise. */
export function SessionExpiryWarning() {
  const { session, logout } = useSession();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);
  if (!session) return null;
  const left = session.expiresAt - now;
  if (left > EXPIRY_WARNING_MS) return null;
  const minutes = Math.max(0, Math.ceil(left / 60_000));
  return (
    <Alert
      type="warning"
      header="Your session is about to end"
      action={
        <Button onClick={() => logout("Signed out. Sign in again to continue.")}>Sign in again now</Button>
      }
    >
      You will be signed out automatically in {minutes} minute{minutes === 1 ? "" : "s"}. Running executions
      continue on the server.
    </Alert>
  );
}
