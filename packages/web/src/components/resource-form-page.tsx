import Button from "@cloudscape-design/components/button";
import Form from "@cloudscape-design/components/form";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import type { ReactNode } from "react";
import { useNavigate } from "react-router-dom";
import { AppShell, crumbs } from "../layout/app-shell";

/**
 * A page that edits one resource in a form: breadcrumbs back to its list, the title, the form's
 * refusal, Cancel back to the list and the submit button. Without `submitText` the page is
 * read-only: no submit button, and Cancel reads Back.
 */
export function ResourceFormPage({
  list,
  title,
  description,
  formError,
  saving,
  submitText,
  canSubmit = true,
  loading = false,
  onSubmit,
  children,
}: {
  /** The list this resource belongs to: its breadcrumb label and path (where Cancel goes). */
  list: [label: string, href: string];
  title: string;
  description?: string;
  formError: string | undefined;
  saving: boolean;
  submitText: string | undefined;
  /** False while there is nothing to save, or the form holds input the API would refuse. */
  canSubmit?: boolean;
  /** Shows a spinner instead of the form (first load). */
  loading?: boolean;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  const readOnly = submitText === undefined;
  return (
    <AppShell breadcrumbs={crumbs(list, [title, "#"])}>
      {loading ? (
        <Spinner size="large" />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          <Form
            header={
              <Header variant="h1" description={description}>
                {title}
              </Header>
            }
            errorText={formError}
            errorIconAriaLabel="Error"
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button formAction="none" variant="link" onClick={() => navigate(list[1])}>
                  {readOnly ? "Back" : "Cancel"}
                </Button>
                {!readOnly && (
                  <Button variant="primary" loading={saving} formAction="submit" disabled={!canSubmit}>
                    {submitText}
                  </Button>
                )}
              </SpaceBetween>
            }
          >
            <SpaceBetween size="l">{children}</SpaceBetween>
          </Form>
        </form>
      )}
    </AppShell>
  );
}
