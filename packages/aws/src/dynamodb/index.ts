export * from "./table-schema";
