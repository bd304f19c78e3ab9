import { describe, expect, it } from "vitest";
import { createDiscovery, type GraphGet } from "./discovery";
import { DEVICE_PROVIDER, TENANT_PROVIDER } from "./protocol";
import { createUserDirectory } from "./users";

// Caching rules, with Graph's answers given directly (the HTTP path is covered by the contract tests).
function fakeGraph(answers: { sps?: unknown[]; endpoints?: unknown[] } = {}) {
  const calls: string[] = [];
  const get: GraphGet = async (url) => {
    calls.push(url);
    await Promise.resolve();
    if (url.includes("/endPoints")) {
      return { value: answers.endpoints ?? [
        { providerName: "Other", uri: "https://other.example/x" },
        { providerName: TENANT_PROVIDER, uri: "https://fef.example/PartnerTenantDataSyncService" },
        { providerName: DEVICE_PROVIDER, uri: "https://fef.example/PartnerDeviceDataSyncService" },
      ] };
    }
    if (url.includes("/users(")) return { id: "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b" };
    return { value: answers.sps ?? [{ id: "sp-1", appId: "0000000a-0000-0000-c000-000000000000" }] };
  };
  return { calls, get };
}

describe("endpoint discovery", () => {
  it("finds both partner services by provider name and caches them until the TTL ends", async () => {
    let now = 0;
    const graph = fakeGraph();
    const discovery = createDiscovery("https://graph.example", graph.get, 1000, () => now);
    const [a, b] = await Promise.all([discovery.endpoints(), discovery.endpoints()]);
    expect(a).toEqual({ tenantService: "https://fef.example/PartnerTenantDataSyncService", deviceService: "https://fef.example/PartnerDeviceDataSyncService" });
    expect(b).toBe(a);
    expect(graph.calls).toHaveLength(2); // one service-principal and one endPoints call, shared
    now = 999;
    await discovery.endpoints();
    expect(graph.calls).toHaveLength(2);
    now = 1000;
    await discovery.endpoints();
    expect(graph.calls).toHaveLength(4);
  });

  it("forgets the URLs when invalidated, including a discovery still running", async () => {
    const graph = fakeGraph();
    const discovery = createDiscovery("https://graph.example", graph.get);
    const running = discovery.endpoints();
    discovery.invalidate();
    await running;
    await discovery.endpoints();
    expect(graph.calls).toHaveLength(4);
  });

  it("fails permanently when the tenant has no Intune service principal or endpoint", async () => {
    await expect(createDiscovery("https://g", fakeGraph({ sps: [] }).get).endpoints()).rejects.toMatchObject({ kind: "permanent", code: "IntuneServicePrincipalNotFound" });
    await expect(createDiscovery("https://g", fakeGraph({ endpoints: [] }).get).endpoints()).rejects.toMatchObject({
      kind: "permanent",
      code: "PartnerEndpointNotFound",
    });
  });
});

describe("the user directory", () => {
  it("caches ids per case-insensitive UPN, shares concurrent lookups, and expires entries", async () => {
    let now = 0;
    const graph = fakeGraph();
    const users = createUserDirectory("https://graph.example", graph.get, { ttlMs: 100, now: () => now });
    await Promise.all([users.resolve("Ana@Contoso.example"), users.resolve("ana@contoso.example")]);
    await users.resolve("ANA@contoso.example");
    expect(graph.calls).toHaveLength(1);
    now = 100;
    await users.resolve("ana@contoso.example");
    expect(graph.calls).toHaveLength(2);
  });

  it("keeps at most maxEntries, evicting the oldest", async () => {
    const graph = fakeGraph();
    const users = createUserDirectory("https://graph.example", graph.get, { maxEntries: 2 });
    for (const upn of ["a@x.example", "b@x.example", "c@x.example", "a@x.example"]) await users.resolve(upn);
    expect(graph.calls).toHaveLength(4);
  });
});
