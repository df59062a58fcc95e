import AppLayout from "@cloudscape-design/components/app-layout";
import BreadcrumbGroup, { type BreadcrumbGroupProps } from "@cloudscape-design/components/breadcrumb-group";
import Flashbar from "@cloudscape-design/components/flashbar";
import SideNavigation from "@cloudscape-design/components/side-navigation";
import TopNavigation from "@cloudscape-design/components/top-navigation";
import { type ReactNode, useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { logout as endServerSession } from "../api/resources";
import { useSession } from "../auth/session-context";
import { useFlash } from "./flash-context";
import { SessionExpiryWarning } from "./session-expiry-warning";

/** Whether the side navigation is open survives page changes (each page renders its own shell). */
let navigationOpenPreference = true;

const NAV_ITEMS = [
  { type: "link", text: "Dashboard", href: "/dashboard" },
  { type: "link", text: "Getting started", href: "/getting-started" },
  { type: "divider" },
  { type: "link", text: "Protection groups", href: "/protection-groups" },
  { type: "link", text: "Recovery plans", href: "/recovery-plans" },
  { type: "link", text: "Executions", href: "/executions" },
  { type: "divider" },
  { type: "link", text: "Source servers", href: "/source-servers" },
  { type: "link", text: "Tag sync", href: "/tag-sync" },
] as const;

/** The console frame every signed-in page sits in: top bar, side navigation, breadcrumbs, flashbar. */
export function AppShell({
  breadcrumbs,
  children,
}: {
  breadcrumbs: BreadcrumbGroupProps.Item[];
  children: ReactNode;
}) {
  const { session, logout, permissions } = useSession();
  const { items } = useFlash();
  const navigate = useNavigate();
  const location = useLocation();
  const follow = (e: CustomEvent<{ href: string; external?: boolean }>) => {
    if (e.detail.external) return;
    e.preventDefault();
    navigate(e.detail.href);
  };
  const [navigationOpen, setNavigationOpen] = useState(navigationOpenPreference);
  const activeHref = `/${location.pathname.split("/")[1] ?? ""}`;
  return (
    <>
      <div id="top-nav">
        <TopNavigation
          identity={{
            href: "/dashboard",
            title: "DRS Orchestrator",
            onFollow: (e) => {
              e.preventDefault();
              navigate("/dashboard");
            },
          }}
          utilities={[
            {
              type: "menu-dropdown",
              text: session?.username ?? "",
              description: permissions?.roles.join(", "),
              iconName: "user-profile",
              items: [{ id: "signout", text: "Sign out" }],
              onItemClick: (e) => {
                if (e.detail.id !== "signout") return;
                // The request takes the token before the session is cleared below.
                endServerSession().catch(() => {});
                logout("You signed out.");
              },
            },
          ]}
        />
      </div>
      <AppLayout
        headerSelector="#top-nav"
        toolsHide
        navigationOpen={navigationOpen}
        onNavigationChange={(e) => {
          navigationOpenPreference = e.detail.open;
          setNavigationOpen(e.detail.open);
        }}
        ariaLabels={{
          navigation: "Navigation",
          navigationClose: "Close navigation",
          navigationToggle: "Open navigation",
        }}
        breadcrumbs={<BreadcrumbGroup items={breadcrumbs} ariaLabel="Breadcrumbs" onFollow={follow} />}
        notifications={
          <>
            <SessionExpiryWarning />
            <Flashbar items={items} />
          </>
        }
        navigation={
          <SideNavigation
            header={{ href: "/dashboard", text: "DRS Orchestrator" }}
            activeHref={activeHref}
            items={NAV_ITEMS.map((i) => ({ ...i }))}
            onFollow={follow}
          />
        }
        content={children}
      />
    </>
  );
}

export const crumbs = (...items: [string, string][]): BreadcrumbGroupProps.Item[] => [
  { text: "DRS Orchestrator", href: "/dashboard" },
  ...items.map(([text, href]) => ({ text, href })),
];
