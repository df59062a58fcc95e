/** The port of an `EADDRINUSE` anywhere in an error's cause chain; undefined for other errors. */
export function portInUse(error: unknown): number | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const err = e as NodeJS.ErrnoException & { port?: number };
    if (err.code === "EADDRINUSE") return err.port ?? Number(/:(\d+)\s*$/.exec(err.message)?.[1]);
  }
  return undefined;
}
