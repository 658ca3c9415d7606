import { describe, expect, it } from 'vitest';
import { computeTradeoff, type TradeoffInput } from './compute-tradeoff.js';

const input: TradeoffInput = {
  effortHours: 40,
  extraTime: 1.24,
  extraTimeAfter: 0,
  principalHours: 60,
  interestHoursPerMonth: 10,
  upcoming: [],
};

describe('computeTradeoff', () => {
  it('pays the debt first when the interest saved repays the principal within the horizon', () => {
    const t = computeTradeoff(input);
    // now: 40 x 2.24 = 89.6 h; first: 60 + 40 = 100 h; 10.4 h up front at 10 h a month saved
    expect(t).toMatchObject({
      buildNow: { hoursToItem: 89.6, hoursOverHorizon: 149.6 },
      payFirst: { hoursToItem: 100, hoursOverHorizon: 100 },
      breakEvenMonths: 1,
      recommendation: 'pay-first',
      interestSavedPerMonth: 10,
    });
    expect(t.reasons[3]).toBe('paying first pays back after 1 month, within the 6-month horizon');
  });

  it('uses the upcoming items predicted to touch the area instead of the past change rate', () => {
    const t = computeTradeoff({
      ...input,
      principalHours: 120,
      upcoming: [
        { id: 'T-2', effortHours: 24, inMonths: 1 },
        { id: 'T-3', effortHours: 24, inMonths: 5 },
        { id: 'T-9', effortHours: 200, inMonths: 9 }, // beyond the horizon
      ],
    });
    // saved: (24 + 24) x 1.24 / 6 = 9.92 h a month; up front 120 + 40 - 89.6 = 70.4 h: 7.1 months
    expect(t).toMatchObject({
      breakEvenMonths: 7.1,
      recommendation: 'build-now',
      interestSavedPerMonth: 9.9,
    });
    expect(t.reasons[2]).toBe(
      '2 upcoming items will touch the same code within 6 months (T-2, T-3): paying first saves 9.9 h a month of their time',
    );
  });

  it('builds now when paying first saves nothing, and pays first when it is cheaper even for this item', () => {
    expect(computeTradeoff({ ...input, extraTime: 0, interestHoursPerMonth: 0 })).toMatchObject({
      breakEvenMonths: null,
      recommendation: 'build-now',
    });
    expect(computeTradeoff({ ...input, principalHours: 20 })).toMatchObject({
      breakEvenMonths: 0,
      recommendation: 'pay-first',
    });
  });

  it('builds now in healthy code: no principal and no extra time is nothing to pay first, not a tie won by paying', () => {
    const healthy = computeTradeoff({ ...input, extraTime: 0, principalHours: 0, interestHoursPerMonth: 0 });
    expect(healthy).toMatchObject({ breakEvenMonths: null, recommendation: 'build-now' });
    expect(healthy.reasons.at(-1)).toBe('nothing to pay first: the debt here does not slow this work');
  });
});
