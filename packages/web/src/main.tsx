import "./schema-runtime";
import "@cloudscape-design/global-styles/index.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { App } from "./app";
import { SessionProvider } from "./auth/session-context";
import { FlashProvider } from "./layout/flash-context";

const root = document.getElementById("root");
if (!root) throw new Error("index.html lacks #root");
createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <SessionProvider>
        <FlashProvider>
          <App />
        </FlashProvider>
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
