import { describe, expect, it } from "vitest";
import { evaluationTrigger } from "./evaluation-trigger";
import { LIFECYCLES, VERDICTS } from "./types";

describe("evaluationTrigger", () => {
  it("reports a changed verdict of an active device, and nothing for an unchanged one", () => {
    expect(evaluationTrigger({ verdict: "COMPLIANT", lifecycle: "ACTIVE" }, { verdict: "NOT_COMPLIANT", retire: false })).toBe("COMPLIANCE_CHANGE");
    expect(evaluationTrigger({ verdict: "NOT_COMPLIANT", lifecycle: "ACTIVE" }, { verdict: "COMPLIANT", retire: false })).toBe("COMPLIANCE_CHANGE");
    expect(evaluationTrigger({ verdict: "COMPLIANT", lifecycle: "ACTIVE" }, { verdict: "COMPLIANT", retire: false })).toBeNull();
    expect(evaluationTrigger({ verdict: "NOT_COMPLIANT", lifecycle: "ACTIVE" }, { verdict: "NOT_COMPLIANT", retire: false })).toBeNull();
  });

  it("retires an active device when Retire wins, whatever its stored verdict", () => {
    for (const verdict of VERDICTS) expect(evaluationTrigger({ verdict, lifecycle: "ACTIVE" }, { verdict: "NOT_COMPLIANT", retire: true })).toBe("RETIRE");
  });

  it("fires nothing for a device being retired or retired", () => {
    for (const lifecycle of LIFECYCLES.filter((l) => l !== "ACTIVE")) {
      for (const verdict of VERDICTS) {
        expect(evaluationTrigger({ verdict, lifecycle }, { verdict: verdict === "COMPLIANT" ? "NOT_COMPLIANT" : "COMPLIANT", retire: false })).toBeNull();
        expect(evaluationTrigger({ verdict, lifecycle }, { verdict: "NOT_COMPLIANT", retire: true })).toBeNull();
      }
    }
  });
});
