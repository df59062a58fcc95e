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

/** From this width on there is room for the navigation beside any page. */
const DESKTOP_MIN_WIDTH = 1200;
const CLOSE_NAVIGATION = "Close navigation";

/**
 * AppLayout also closes the navigation on its own when it measures too little room for it, which
 * it does mid-layout at desktop widths too (seen during a full-page capture of a wide table), and
 * the preference would keep it closed on every later page. There, only its close button closes it
 * (the button has the focus when clicked or pressed); on narrower screens AppLayout decides.
 */
const closedByUser = (): boolean =>
  window.innerWidth < DESKTOP_MIN_WIDTH ||
  document.activeElement?.closest(`[aria-label="${CLOSE_NAVIGATION}"]`) != null;

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
  { type: "link", text: "Accounts", href: "/accounts" },
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
          if (!e.detail.open && !closedByUser()) return;
          navigationOpenPreference = e.detail.open;
          setNavigationOpen(e.detail.open);
        }}
        ariaLabels={{
          navigation: "Navigation",
          navigationClose: CLOSE_NAVIGATION,
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
