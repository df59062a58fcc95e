import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerOperatorCommands } from "../src/commands/operator-commands";
import { terminalStyle } from "../src/terminal-style";

/** Every leaf command under the program, with its full name (`executions report`). */
function leafCommands(cmd: Command, prefix = ""): [string, Command][] {
  return cmd.commands.flatMap((c) => {
    const name = `${prefix}${c.name()}`;
    return c.commands.length > 0 ? leafCommands(c, `${name} `) : [[name, c] as [string, Command]];
  });
}

function helpOf(cmd: Command): string {
  let text = "";
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

describe("command conventions", () => {
  const program = new Command("drso");
  registerOperatorCommands(program);
  const leaves = leafCommands(program);

  it("every operator command's --help shows examples", () => {
    expect(leaves.length).toBeGreaterThanOrEqual(15);
    const withoutExamples = leaves
      .filter(([, c]) => !/Examples:\n {2}\$ drso /.test(helpOf(c)))
      .map(([n]) => n);
    expect(withoutExamples).toEqual([]);
  });

  it("every command that talks to the API offers --output json and --endpoint", () => {
    const offline = new Set(["schema", "validate"]);
    const missing = leaves
      .filter(([n]) => !offline.has(n))
      .filter(([, c]) => !["--output", "--endpoint"].every((flag) => c.options.some((o) => o.long === flag)))
      .map(([n]) => n);
    expect(missing).toEqual([]);
  });
});

describe("colour", () => {
  it("is used only on a terminal, never with NO_COLOR, and on request with FORCE_COLOR", () => {
    const red = (tty: boolean, env: NodeJS.ProcessEnv) => terminalStyle({ isTTY: tty }, env).red("x");
    expect(red(false, {})).toBe("x");
    expect(red(true, {})).toBe("\u001b[31mx\u001b[39m");
    expect(red(true, { NO_COLOR: "1" })).toBe("x");
    expect(red(false, { FORCE_COLOR: "1" })).toBe("\u001b[31mx\u001b[39m");
    expect(red(true, { NO_COLOR: "1", FORCE_COLOR: "1" })).toBe("x");
  });
});
