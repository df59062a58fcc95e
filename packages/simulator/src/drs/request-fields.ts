import { validation } from "./drs-error";

/** Field readers for DRS request bodies: a wrong type is a ValidationException naming the field. */

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function objectField(input: JsonObject, name: string): JsonObject | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw validation(`${name} must be an object`);
  return value;
}

export function stringField(input: JsonObject, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw validation(`${name} must be a string`);
  return value;
}

export function requiredString(input: JsonObject, name: string): string {
  const value = stringField(input, name);
  if (value === undefined || value === "") throw validation(`${name} is required`);
  return value;
}

export function booleanField(input: JsonObject, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw validation(`${name} must be a boolean`);
  return value;
}

export function stringList(input: JsonObject, name: string, max: number): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    throw validation(`${name} must be a list of strings`);
  if (value.length > max) throw validation(`${name} must contain at most ${max} items, got ${value.length}`);
  return value as string[];
}

export function tagMap(input: JsonObject, name: string): Record<string, string> | undefined {
  const value = objectField(input, name);
  if (value === undefined) return undefined;
  const entries = Object.entries(value);
  if (entries.length > 50) throw validation(`${name} must contain at most 50 tags`);
  for (const [k, v] of entries) {
    if (typeof v !== "string") throw validation(`${name}.${k} must be a string`);
    if (k.length < 1 || k.length > 128 || v.length > 256)
      throw validation(`${name}: tag key or value too long`);
    if (k.toLowerCase().startsWith("aws:")) throw validation(`${name}: tag keys may not start with 'aws:'`);
  }
  return value as Record<string, string>;
}

export function dateField(input: JsonObject, name: string): number | undefined {
  const value = stringField(input, name);
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw validation(`${name} must be an ISO 8601 date-time, got '${value}'`);
  return ms;
}
