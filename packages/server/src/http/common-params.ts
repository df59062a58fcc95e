import { PageRequest } from "@drso/core";
import { z } from "@hono/zod-openapi";

/** `{id}` path parameter: any short string; an id that matches nothing is a 404, not a 400. */
export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(128)
    .openapi({ param: { name: "id", in: "path" } }),
});

/** `?limit=&nextToken=` of every list. */
export const PageQuery = PageRequest;
