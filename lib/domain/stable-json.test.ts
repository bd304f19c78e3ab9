import { describe, expect, it } from "vitest";
import { stableJson } from "./stable-json";

describe("stableJson", () => {
  it("sorts object keys at every depth, keeps array order, leaves undefined out", () => {
    expect(stableJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(stableJson({ a: 1, b: 2 })).toBe(stableJson({ b: 2, a: 1 }));
    expect(stableJson([2, 1])).not.toBe(stableJson([1, 2]));
    expect(stableJson("x")).toBe('"x"');
    expect(stableJson(null)).toBe("null");
  });
});
