import Alert from "@cloudscape-design/components/alert";
import Button from "@cloudscape-design/components/button";
import { describeError } from "../api/api-error";

/** Shown in place of content that failed to load, with the API's reason and a retry. */
export function LoadError({ what, error, onRetry }: { what: string; error: unknown; onRetry?: () => void }) {
  return (
    <Alert
      type="error"
      header={`Could not load ${what}`}
      action={onRetry ? <Button onClick={onRetry}>Retry</Button> : undefined}
    >
      {describeError(error)}
    </Alert>
  );
}
