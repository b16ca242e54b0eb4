import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Claim } from '../../../functions/domain/claim.ts';
import type { LinkedWrite } from '../../../functions/ports/claims-store.ts';
import { feedbackUrl, notifyMember } from '../../../functions/usecases/member-notify.ts';
import { payout } from '../../../functions/usecases/payout.ts';
import { payoutStep } from '../../../functions/usecases/payout-step.ts';

vi.mock('../../../functions/usecases/payout.ts', () => ({ payout: vi.fn() }));
vi.mock('../../../functions/usecases/member-notify.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../functions/usecases/member-notify.ts')>()),
  notifyMember: vi.fn(),
}));

const CLAIM_ID = 'C01KZ0000000000000000000009';
const PAID = {
  payoutId: 'P01KZ0000000000000000000009',
  amountFen: 100_000,
  paidAt: '2026-11-01T00:00:00.000Z',
};
// The use cases are replaced above: the step only hands the ports on.
const deps = {} as Parameters<typeof payoutStep>[0];

describe('payoutStep (the workflow Payout step)', () => {
  beforeEach(() => {
    vi.mocked(payout).mockReset();
    vi.mocked(notifyMember).mockReset();
  });

  it('pays, then sends the member the paid SMS itself, and ends with the payout', async () => {
    vi.mocked(payout).mockResolvedValue({ paid: true, waiting: false, payout: PAID });
    vi.mocked(notifyMember).mockResolvedValue({ sent: true });
    await expect(payoutStep(deps, CLAIM_ID)).resolves.toEqual({
      paid: true,
      payout: PAID,
      memberNotice: 'sent',
    });
    expect(notifyMember).toHaveBeenCalledWith(deps, { claimId: CLAIM_ID, notice: 'paid' });
  });

  it('writes the first round satisfaction link with the payment and hands the paid claim to the notice', async () => {
    // Prepare: the payment runs the step's linked writes for round 1, as usecases/payout.ts does
    const paidClaim = { claimId: CLAIM_ID, memberId: 'M000001', program: 'skill-boost' } as Claim;
    let linked: readonly LinkedWrite[] = [];
    vi.mocked(payout).mockImplementation(async (_deps, _claimId, withPayment) => {
      linked = (await withPayment?.(paidClaim, 1)) ?? [];
      return { paid: true, waiting: false, payout: PAID, paidNow: paidClaim };
    });
    vi.mocked(notifyMember).mockResolvedValue({ sent: true });
    const stepDeps = {
      linkKey: async () => 'payout-step-test-key',
      now: () => new Date('2026-11-01T00:00:00.000Z'),
      linkBaseUrl: 'https://c.example',
    } as Parameters<typeof payoutStep>[0];
    // Act
    const output = await payoutStep(stepDeps, CLAIM_ID);
    // Assess
    expect(output.memberNotice).toBe('sent');
    expect(linked).toHaveLength(1);
    const written = linked[0];
    if (written?.kind !== 'createFeedback') throw new Error('no satisfaction link written with the payment');
    expect(written.request).toMatchObject({ subject: { kind: 'claim', id: CLAIM_ID }, memberId: 'M000001' });
    const link = feedbackUrl(stepDeps, 'payout-step-test-key', written.request);
    expect(link).toMatch(/^https:\/\/c\.example\/f\//);
    expect(notifyMember).toHaveBeenCalledWith(stepDeps, {
      claimId: CLAIM_ID,
      notice: 'paid',
      paidNow: { claim: paidClaim, feedbackLink: link },
    });
  });

  it('writes no link with a later round payment (the first round link stays) and lets the notice find it', async () => {
    const paidClaim = { claimId: CLAIM_ID, memberId: 'M000001', program: 'skill-boost' } as Claim;
    let linked: readonly LinkedWrite[] = [];
    vi.mocked(payout).mockImplementation(async (_deps, _claimId, withPayment) => {
      linked = (await withPayment?.(paidClaim, 2)) ?? [];
      return { paid: true, waiting: false, payout: PAID, paidNow: paidClaim };
    });
    vi.mocked(notifyMember).mockResolvedValue({ sent: true });
    await payoutStep(deps, CLAIM_ID);
    expect(linked).toEqual([]);
    expect(notifyMember).toHaveBeenCalledWith(deps, { claimId: CLAIM_ID, notice: 'paid' });
  });

  it('keeps the payout when the SMS cannot be sent, naming only the error', async () => {
    vi.mocked(payout).mockResolvedValue({ paid: true, waiting: false, payout: PAID });
    vi.mocked(notifyMember).mockRejectedValue(
      Object.assign(new Error('Rate exceeded for 13800138000'), { name: 'ThrottlingException' }),
    );
    const output = await payoutStep(deps, CLAIM_ID);
    expect(output).toEqual({ paid: true, payout: PAID, memberNotice: 'ThrottlingException' });
    expect(JSON.stringify(output)).not.toContain('13800138000');
  });

  it('leaves by Claim.AwaitingFunds when the budget cannot pay, telling the member nothing', async () => {
    vi.mocked(payout).mockResolvedValue({ paid: false, waiting: true, shortfallFen: 5_000 });
    await expect(payoutStep(deps, CLAIM_ID)).rejects.toMatchObject({
      name: 'Claim.AwaitingFunds',
      message: expect.stringContaining('short by 5000 fen'),
    });
    expect(notifyMember).not.toHaveBeenCalled();
  });

  it('leaves by Claim.OnHold when a fraud flag holds the claim', async () => {
    vi.mocked(payout).mockResolvedValue({ paid: false, waiting: false, held: true });
    await expect(payoutStep(deps, CLAIM_ID)).rejects.toMatchObject({ name: 'Claim.OnHold' });
    expect(notifyMember).not.toHaveBeenCalled();
  });
});
