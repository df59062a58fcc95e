import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { describeError } from "../../api/api-error";
import { useSession } from "../../auth/session-context";

/** Sign-in with a local user; the API returns a 45-minute token. */
export function LoginPage() {
  const { login, signedOutReason } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await login(username, password);
      const next = params.get("next");
      navigate(next && next !== "/login" ? next : "/", { replace: true });
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main>
      <Box padding={{ vertical: "xxxl", horizontal: "l" }}>
        <div style={{ maxWidth: 420, margin: "0 auto" }}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <Form
              header={
                <Header variant="h1" description="Orchestrated recovery on AWS Elastic Disaster Recovery">
                  DRS Orchestrator
                </Header>
              }
              actions={
                <Button variant="primary" formAction="submit" loading={busy}>
                  Sign in
                </Button>
              }
            >
              <Container header={<Header variant="h2">Sign in</Header>}>
                <SpaceBetween size="m">
                  {signedOutReason && <Alert type="info">{signedOutReason}</Alert>}
                  {error && (
                    <Alert type="error" header="Sign-in failed">
                      {error}
                    </Alert>
                  )}
                  <FormField label="Username">
                    <Input
                      value={username}
                      onChange={(e) => setUsername(e.detail.value)}
                      autoComplete="username"
                      name="username"
                      autoFocus
                    />
                  </FormField>
                  <FormField label="Password">
                    <Input
                      type="password"
                      value={password}
                      onChange={(e) => setPassword(e.detail.value)}
                      autoComplete="current-password"
                      name="password"
                    />
                  </FormField>
                </SpaceBetween>
              </Container>
            </Form>
          </form>
        </div>
      </Box>
    </main>
  );
}
