/**
 * Build now or build right: for an item that touches debt, the cost of building it in the code as it is (its
 * effort slowed by the debt, and the interest that keeps running) against paying the debt first (the principal,
 * then the item and later work at the lower interest). See debt-interest-rationale.md.
 */

/** A later piece of work predicted to touch the same area. */
export interface UpcomingWork {
  readonly id: string;
  /** Its effort in healthy code, person-hours. */
  readonly effortHours: number;
  /** When it is expected to start, months from now. */
  readonly inMonths: number;
}

export interface TradeoffInput {
  /** The item's effort in healthy code, person-hours. */
  readonly effortHours: number;
  /** Extra time a change in the area takes because of the debt (0.62 = 62 % longer), from the interest model. */
  readonly extraTime: number;
  /** Extra time left after the debt is paid (usually 0: the debt's own factors are gone). */
  readonly extraTimeAfter: number;
  /** Principal of the debt, person-hours. */
  readonly principalHours: number;
  /** The area's interest from its change rate, hours a month: used when no upcoming work is known. */
  readonly interestHoursPerMonth: number;
  /** Later backlog items predicted to touch the area (seam: filled by the backlog and localization). */
  readonly upcoming: readonly UpcomingWork[];
  /** Months the comparison looks ahead (default 6). */
  readonly horizonMonths?: number;
}

export interface TradeoffOption {
  /** Person-hours spent by the end of the horizon: the item, the principal if paid, and the interest. */
  readonly hoursOverHorizon: number;
  /** Person-hours before the item is done. */
  readonly hoursToItem: number;
}

export interface Tradeoff {
  readonly buildNow: TradeoffOption;
  readonly payFirst: TradeoffOption;
  /**
   * Months after which paying first has cost less in total; 0 when it is cheaper from the start, null when it never
   * pays back (no interest saved).
   */
  readonly breakEvenMonths: number | null;
  readonly horizonMonths: number;
  readonly recommendation: 'build-now' | 'pay-first';
  /** Interest saved a month by paying first, person-hours. */
  readonly interestSavedPerMonth: number;
  readonly reasons: readonly string[];
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Compares building now with paying the debt first. The monthly interest saved comes from the upcoming work in
 * the horizon (their efforts x the extra time saved, spread over the horizon) or, without upcoming work, from the
 * area's measured interest. Break-even t solves
 * `effort x (1 + extra) + saved x t = principal + effort x (1 + extraAfter)`.
 *
 * @example
 * computeTradeoff({ effortHours: 40, extraTime: 1.24, extraTimeAfter: 0, principalHours: 60,
 *   interestHoursPerMonth: 10, upcoming: [] });
 * // build now: 89.6 h for the item; pay first: 60 + 40 = 100 h; break-even (60 - 49.6) / 10 = 1.0 month
 */
export function computeTradeoff(input: TradeoffInput): Tradeoff {
  const horizon = input.horizonMonths ?? 6;
  const extraSaved = Math.max(0, input.extraTime - input.extraTimeAfter);
  const inHorizon = input.upcoming.filter((w) => w.inMonths <= horizon);
  const saved =
    inHorizon.length > 0
      ? inHorizon.reduce((s, w) => s + w.effortHours * extraSaved, 0) / horizon
      : input.extraTime > 0
        ? input.interestHoursPerMonth * (extraSaved / input.extraTime)
        : 0;
  const nowItem = input.effortHours * (1 + input.extraTime);
  const rightItem = input.principalHours + input.effortHours * (1 + input.extraTimeAfter);
  // What paying first costs up front, beyond building now.
  const upfront = rightItem - nowItem;
  // Code without debt that slows the work (nothing saved by paying first) is built now, whatever the arithmetic says.
  const nothingToPay = extraSaved <= 0;
  const breakEven = nothingToPay ? null : upfront <= 0 ? 0 : saved > 0 ? upfront / saved : null;
  const payFirst = breakEven !== null && breakEven <= horizon;
  const reasons: string[] = [
    `building now costs ${round1(nowItem)} h: ${input.effortHours} h of work ${Math.round(input.extraTime * 100)} % slower in this code`,
    `paying first costs ${round1(rightItem)} h: ${round1(input.principalHours)} h to pay the debt down, then ${round1(input.effortHours * (1 + input.extraTimeAfter))} h for the item`,
    inHorizon.length > 0
      ? `${inHorizon.length} upcoming item${inHorizon.length === 1 ? '' : 's'} will touch the same code within ${horizon} months (${inHorizon.map((w) => w.id).join(', ')}): paying first saves ${round1(saved)} h a month of their time`
      : `no upcoming item is known to touch this code; at its past change rate, paying first saves ${round1(saved)} h a month`,
    nothingToPay
      ? 'nothing to pay first: the debt here does not slow this work'
      : breakEven === null
        ? 'paying first never pays back: no interest would be saved'
        : breakEven === 0
          ? 'paying first is cheaper even for this item alone'
          : `paying first pays back after ${round1(breakEven)} month${round1(breakEven) === 1 ? '' : 's'}, ${payFirst ? 'within' : 'beyond'} the ${horizon}-month horizon`,
  ];
  return {
    buildNow: { hoursToItem: round1(nowItem), hoursOverHorizon: round1(nowItem + saved * horizon) },
    payFirst: { hoursToItem: round1(rightItem), hoursOverHorizon: round1(rightItem) },
    breakEvenMonths: breakEven === null ? null : round1(breakEven),
    horizonMonths: horizon,
    recommendation: payFirst ? 'pay-first' : 'build-now',
    interestSavedPerMonth: round1(saved),
    reasons,
  };
}
