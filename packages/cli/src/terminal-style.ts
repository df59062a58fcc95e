/**
 * Colour only when writing to a terminal, and never when NO_COLOR is set (https://no-color.org)
 * or the user asked for machine output; FORCE_COLOR turns it on for CI logs that render ANSI.
 */
export interface TerminalStyle {
  readonly enabled: boolean;
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const paint = (enabled: boolean, open: number, close: number) => (s: string) =>
  enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s;

export function terminalStyle(
  stream: { isTTY?: boolean } = process.stdout,
  env = process.env,
): TerminalStyle {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0";
  const enabled = !noColor && (forced || stream.isTTY === true);
  return {
    enabled,
    green: paint(enabled, 32, 39),
    red: paint(enabled, 31, 39),
    yellow: paint(enabled, 33, 39),
    cyan: paint(enabled, 36, 39),
    bold: paint(enabled, 1, 22),
    dim: paint(enabled, 2, 22),
  };
}

export const plainStyle: TerminalStyle = terminalStyle({ isTTY: false }, {});
