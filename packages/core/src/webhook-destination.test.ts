import { describe, expect, it } from "vitest";
import { SettingsUpdate } from "./settings";
import { isNonPublicAddress, webhookUrlProblem } from "./webhook-destination";

describe("webhook destinations", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "0.0.0.0",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "224.0.0.1",
    "::",
    "::1",
    "[::1]",
    "fe80::1",
    "febf:ffff::1",
    "fc00::1",
    "fd12:3456::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:169.254.169.254",
    "64:ff9b::a00:1",
    "not-an-address",
    "fe80::1%eth0",
  ])("%s is not public", (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each(["93.184.216.34", "172.32.0.1", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])(
    "%s is public",
    (address) => {
      expect(isNonPublicAddress(address)).toBe(false);
    },
  );

  it("refuses loopback, metadata and private literals and plain http unless the host is allowed", () => {
    for (const url of [
      "https://127.0.0.1/hook",
      "https://169.254.169.254/latest/meta-data",
      "https://[::1]:8443/hook",
      "https://10.0.0.5/hook",
      "https://localhost/hook",
      "http://hooks.example.com/hook",
    ]) {
      expect(webhookUrlProblem(url, []), url).toBeDefined();
    }
    expect(webhookUrlProblem("https://hooks.example.com/hook", [])).toBeUndefined();
    expect(webhookUrlProblem("http://127.0.0.1:9000/hook", ["127.0.0.1"])).toBeUndefined();
    expect(webhookUrlProblem("http://[::1]:9000/hook", ["::1"])).toBeUndefined();
    expect(webhookUrlProblem("http://Receiver.LAN/hook", ["receiver.lan"])).toBeUndefined();
  });

  it("a settings update naming a refused destination or a duplicate id is invalid, naming the field", () => {
    const update = (notifications: unknown) =>
      SettingsUpdate.safeParse({ version: 1, notifications }).error?.issues.map((i) => i.path.join("."));
    const hook = { url: "https://169.254.169.254/", secret: "s".repeat(32) };
    expect(update({ webhooks: [hook] })).toEqual(["notifications.webhooks.0.url"]);
    expect(update({ webhooks: [hook], allowedHosts: ["169.254.169.254"] })).toBeUndefined();
    const ok = { url: "https://hooks.example.com/", secret: "s".repeat(32) };
    expect(
      update({
        webhooks: [
          { ...ok, id: "a" },
          { ...ok, id: "a" },
        ],
      }),
    ).toEqual(["notifications.webhooks.1.id"]);
  });
});
