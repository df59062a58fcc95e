import type { SourceServer, SourceServerCatalog } from "@drso/core";

/**
 * `catalog.listSourceServers`, called at most once per account-region for as long as the returned
 * function is kept (one request): the tag-based groups of a plan share a listing, and a listing of
 * a large fleet is megabytes of DRS pages.
 */
export function listOncePerAccountRegion(
  catalog: SourceServerCatalog,
): (accountId: string, region: string) => Promise<SourceServer[]> {
  const listings = new Map<string, Promise<SourceServer[]>>();
  return (accountId, region) => {
    const key = `${accountId}/${region}`;
    let listing = listings.get(key);
    if (!listing) {
      listing = catalog.listSourceServers(accountId, region);
      listings.set(key, listing);
    }
    return listing;
  };
}
