import { describe, expect, it } from "vitest";
import { previewToken } from "./preview-token";

describe("previewToken", () => {
  it("changes with the draft, the policy and its version, not with key order", () => {
    const a = previewToken({ policyId: "p", version: "v1", change: { name: "x", rules: { a: 1, b: 2 } } });
    expect(previewToken({ policyId: "p", version: "v1", change: { rules: { b: 2, a: 1 }, name: "x" } })).toBe(a);
    expect(previewToken({ policyId: "p", version: "v2", change: { name: "x", rules: { a: 1, b: 2 } } })).not.toBe(a);
    expect(previewToken({ policyId: "q", version: "v1", change: { name: "x", rules: { a: 1, b: 2 } } })).not.toBe(a);
    expect(previewToken({ policyId: "p", version: "v1", change: { name: "y", rules: { a: 1, b: 2 } } })).not.toBe(a);
  });
});
