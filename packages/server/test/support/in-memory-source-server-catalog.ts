import type { SourceServer, SourceServerCatalog } from "@drso/core";

/** A DRS source-server catalog held in memory, for API tests that do not need the simulator. */
export class InMemorySourceServerCatalog implements SourceServerCatalog {
  private readonly servers = new Map<string, SourceServer>();

  constructor(servers: readonly SourceServer[] = []) {
    this.add(...servers);
  }

  add(...servers: SourceServer[]): this {
    for (const s of servers) this.servers.set(`${s.accountId}/${s.region}/${s.serverId}`, s);
    return this;
  }

  async listSourceServers(accountId: string, region: string): Promise<SourceServer[]> {
    return [...this.servers.values()].filter((s) => s.accountId === accountId && s.region === region);
  }

  async getSourceServers(
    accountId: string,
    region: string,
    serverIds: readonly string[],
  ): Promise<SourceServer[]> {
    return serverIds.flatMap((id) => this.servers.get(`${accountId}/${region}/${id}`) ?? []);
  }
}

/** A valid DRS source server id (`s-` + 17 hex digits) made from a number. */
export const serverId = (n: number): string => `s-${n.toString(16).padStart(17, "0")}`;

/** A replicating source server with sensible defaults. */
export function sourceServer(n: number, overrides: Partial<SourceServer> = {}): SourceServer {
  return {
    serverId: serverId(n),
    hostname: `host-${n}`,
    accountId: "111111111111",
    region: "us-east-1",
    replicationState: "CONTINUOUS",
    tags: {},
    ...overrides,
  };
}

/** `count` servers numbered from `first`, e.g. a fleet for one account/region. */
export const sourceServers = (first: number, count: number, overrides: Partial<SourceServer> = {}) =>
  Array.from({ length: count }, (_, i) => sourceServer(first + i, overrides));
