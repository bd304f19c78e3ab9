/**
 * The emulator's moving parts, handed to every route: state, faults, throttling, token
 * signing, the registered apps and tenants, and counters for the inspection API.
 */
import type { TokenSigner } from "./access-tokens";
import type { FaultInjector } from "./faults";
import type { EmulatorState } from "./state";
import type { Throttle } from "./throttle";

export interface EmulatorStats {
  requests: number;
  tokensIssued: { intune: number; graph: number };
  tokenRequestsRefused: number;
  messagesAccepted: number;
  messagesRejected: number;
  duplicateMessages: number;
  /** Ids of the messages PUT again, in order (the first 10,000): who re-sent what, for the tests. */
  duplicateMessageIds: string[];
  throttled: number;
  unauthorized: number;
  /** Answers by HTTP status (dropped connections under "dropped"). */
  byStatus: Record<string, number>;
}

export const emptyStats = (): EmulatorStats => ({
  requests: 0,
  tokensIssued: { intune: 0, graph: 0 },
  tokenRequestsRefused: 0,
  messagesAccepted: 0,
  messagesRejected: 0,
  duplicateMessages: 0,
  duplicateMessageIds: [],
  throttled: 0,
  unauthorized: 0,
  byStatus: {},
});

export interface EmulatorContext {
  origin: string;
  now: () => number;
  state: EmulatorState;
  faults: FaultInjector;
  throttle: Throttle;
  signer: TokenSigner;
  /** clientId -> secret */
  apps: Map<string, string>;
  tenants: Set<string>;
  userDomains: string[];
  userIdFor: (upn: string, tenantId: string) => string;
  completionDelayMs: number;
  tokenLifetimeSec: number;
  /** When set, PartnerTenants answers 200 with Provisioned:0 and this ErrorDetail. */
  provisioningError: string | null;
  stats: EmulatorStats;
  /** jti of tokens already used once (the "401 on a fresh token" fault needs to know). */
  seenTokens: Set<string>;
}
