import type { SourceServer, SourceServerCatalog } from "@drso/core";

/** A catalog with no servers: used until a DRS catalog (simulator or AWS) is wired in `serve.ts`. */
export class EmptySourceServerCatalog implements SourceServerCatalog {
  async listSourceServers(): Promise<SourceServer[]> {
    return [];
  }
  async getSourceServers(): Promise<SourceServer[]> {
    return [];
  }
}
