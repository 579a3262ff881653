// P6 销售能力评估 → 培训申请: once the month's decomposition is approved, a consultant whose expected
// orders fall short of the personal target by more than the policy's capabilityGapThreshold gets one
// training request for the training manager (one workflow per dealer, month and consultant).
export interface CapabilityTrainingInput {
  dealerId: string;
  month: string;
  consultantId: string;
  name: string;
  /** The figures behind the request (salesCapability's line, numerators and denominators included). */
  figures: Record<string, unknown>;
  /** Loss reasons of the look-back, most frequent first. */
  reasons: Array<{ reason: string; count: number }>;
}

export const capabilityTrainingWorkflowId = (dealerId: string, month: string, consultantId: string) =>
  `capability-training:${dealerId}:${month}:${consultantId}`;
