import { describe, expect, it } from "vitest";
import { generateDemoFleet } from "../demo/generate";
import { parseEnv } from "../env";
import { PROBE_DEVICE_ID } from "./routes";

describe("the permission matrix's probe device", () => {
  it("is the first device of the default demo fleet, whatever its size", () => {
    const seed = parseEnv({}).DEMO_SEED;
    for (const devices of [1, 120, 500]) {
      expect(generateDemoFleet({ devices, seed, now: new Date() }).devices[0]!.id).toBe(PROBE_DEVICE_ID);
    }
  });
});
