import { describe, expect, it } from "vitest";
import { PAGES } from "../auth/routes";
import { demoPolicyInputs } from "../demo/fixtures";
import { parseEnv } from "../env";

describe("the permission matrix's policy editor probe", () => {
  it("is a policy of the demo fleet the browser tests start with (default DEMO_SEED)", () => {
    const seed = parseEnv({}).DEMO_SEED;
    expect(PAGES["/policies/[id]"]!.probe).toBe(`/policies/${demoPolicyInputs(seed).byKey.minOs.id}`);
  });
});
