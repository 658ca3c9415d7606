/**
 * A small builder for backlog items in judgment and format tests: only what a test cares about is given.
 */
import type { Item, ItemId, RiceInputs, CostOfDelay } from '../../src/domain/index.js';

export type ItemSpec = Partial<Omit<Item, 'rice' | 'costOfDelay'>> & {
  readonly rice?: Partial<RiceInputs>;
  readonly costOfDelay?: Partial<CostOfDelay>;
};

let counter = 0;

export function buildItem(id: ItemId, spec: ItemSpec = {}): Item {
  counter += 1;
  const createdAt = spec.createdAt ?? 1_700_000_000 + counter;
  const status = spec.status ?? 'idea';
  return {
    title: `item ${id}`,
    description: '',
    kind: 'feature',
    tags: [],
    requester: null,
    targetDate: null,
    areas: [],
    external: null,
    blockedBy: [],
    history: [{ from: null, to: status, at: createdAt }],
    startedAt: null,
    finishedAt: null,
    updatedAt: createdAt,
    version: 1,
    ...spec,
    id,
    status,
    createdAt,
    rice: { reach: null, impact: null, confidence: null, effort: null, ...spec.rice },
    costOfDelay: { businessValue: null, timeCriticality: null, riskReduction: null, ...spec.costOfDelay },
  };
}

/** RICE inputs in one call: reach, impact, confidence (%), effort (person-weeks). */
export function rice(
  reach: number,
  impact: 0.25 | 0.5 | 1 | 2 | 3,
  confidence: number,
  effort: number,
): RiceInputs {
  return { reach, impact, confidence, effort };
}
