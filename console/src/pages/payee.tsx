import { useEffect, useState } from 'preact/hooks';
import { getJson, sendJson } from '../api.ts';
import type { Session } from '../auth.ts';
import { ActionForm } from '../form.tsx';
import { beijingTime, cny } from '../format.ts';
import { type Key, statusName, useI18n } from '../i18n.ts';
import { CursorList } from '../list.tsx';
import { follow } from '../router.ts';
import { Field, Loading, Page, Table, useAction, useLoad } from '../ui.tsx';
import type { ClaimRow } from './claims.tsx';

interface Masked {
  name: string;
  bankName: string;
  accountMasked: string;
}
interface Actor {
  kind: string;
  id: string;
}
interface PayeeChange {
  changeId: string;
  round: number;
  payee: Masked;
  proposedBy: Actor;
  proposedAt: string;
  expiresAt: string;
  status: 'PENDING' | 'CONFIRMED' | 'SUPERSEDED';
  confirmedBy: Actor | null;
  confirmedAt: string | null;
}
/** `GET /claims/{claimId}/payee`: the payee payouts use, the change waiting and the history, all masked. */
interface PayeeView {
  claimId: string;
  status: string;
  memberId: string;
  payee: Masked;
  pending:
    | (PayeeChange & {
        expired: boolean;
        mayConfirm: { member: boolean; secondPerson: boolean; you: boolean };
      })
    | null;
  history: PayeeChange[];
  events: { seq: number; at: string; action: string; actor: Actor }[];
}
interface PayeeAnswer {
  claimId: string;
  status: string;
  changeId?: string;
  payoutRound?: number;
}

const claimsQuery = (unitCode: string, cursor: string | null) => {
  const params = new URLSearchParams({ status: 'PAYOUT_RETURNED' });
  if (unitCode !== '') params.set('unitCode', unitCode);
  if (cursor !== null) params.set('cursor', cursor);
  return `/claims?${params.toString()}`;
};

/**
 * New bank details for a claim whose payout the bank returned: the claims waiting for them, the claim's
 * payee and history, a proposal, and its confirmation by a second person (the API refuses the proposer).
 */
export function PayeePage({ session }: { session: Session }) {
  const { t } = useI18n();
  const own = session.who.roles.includes('staff') ? (session.who.unitCode ?? '') : '';
  const [claimId, setClaimId] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  // A confirmed change takes its claim off the list of returned claims: the list loads again.
  const [round, setRound] = useState(0);
  const show = (id: string) => {
    setClaimId(id);
    setShown(id.trim());
  };
  return (
    <Page title={t('payee')} intro={t('payeeIntro')}>
      <section class="panel" aria-labelledby="returned-title">
        <h2 id="returned-title">{t('returnedClaims')}</h2>
        <ReturnedClaims key={round} unitCode={own} onChoose={show} />
      </section>
      <section class="panel" aria-labelledby="claim-title">
        <h2 id="claim-title">{t('showClaim')}</h2>
        <form
          class="inline"
          aria-label={t('showClaim')}
          onSubmit={(e) => {
            e.preventDefault();
            show(claimId);
          }}
        >
          <Field label={t('claimId')}>
            {(p) => (
              <input {...p} required value={claimId} onInput={(e) => setClaimId(e.currentTarget.value)} />
            )}
          </Field>
          <button type="submit">{t('show')}</button>
        </form>
      </section>
      {shown !== null && shown !== '' && (
        <ClaimPayee key={shown} claimId={shown} onConfirmed={() => setRound((r) => r + 1)} />
      )}
    </Page>
  );
}

function ReturnedClaims({ unitCode, onChoose }: { unitCode: string; onChoose: (claimId: string) => void }) {
  const { t, lang } = useI18n();
  return (
    <CursorList
      load={async (cursor) => {
        const page = await getJson<{ claims: ClaimRow[]; nextCursor: string | null }>(
          claimsQuery(unitCode, cursor),
        );
        return { rows: page.claims, nextCursor: page.nextCursor };
      }}
    >
      {(rows) => (
        <Table caption={t('returnedClaims')}>
          <thead>
            <tr>
              <th scope="col">{t('claim')}</th>
              <th scope="col">{t('program')}</th>
              <th scope="col">{t('member')}</th>
              <th scope="col">{t('amount')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('choose')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.claimId} data-claim={c.claimId}>
                <td>
                  <a
                    href={`${import.meta.env.BASE_URL}claims/${c.claimId}`}
                    onClick={(e) => follow(e, `/claims/${c.claimId}`)}
                  >
                    {c.claimId}
                  </a>
                </td>
                <td>
                  {c.program[lang]} · {c.benefit[lang]}
                </td>
                <td>
                  {c.memberNameMasked ?? ''} {c.memberId}
                </td>
                <td class="num">{cny(c.amountFen)}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`${t('choose')} ${c.claimId}`}
                    onClick={() => onChoose(c.claimId)}
                  >
                    {t('choose')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </CursorList>
  );
}

const masked = (p: Masked) => `${p.name} · ${p.bankName} · ${p.accountMasked}`;

function ClaimPayee({ claimId, onConfirmed }: { claimId: string; onConfirmed: () => void }) {
  const { t, lang } = useI18n();
  const view = useLoad(() => getJson<PayeeView>(`/claims/${encodeURIComponent(claimId)}/payee`), [claimId]);
  return (
    <section class="panel" aria-labelledby="payee-title">
      <h2 id="payee-title">
        {t('claim')} {claimId}
      </h2>
      <Loading state={view}>
        {(c) => {
          const { pending } = c;
          return (
            <>
              <dl class="facts">
                <dt>{t('status')}</dt>
                <dd class="status">{statusName(t, c.status)}</dd>
                <dt>{t('member')}</dt>
                <dd>{c.memberId}</dd>
                <dt>{t('currentPayee')}</dt>
                <dd>{masked(c.payee)}</dd>
                <dt>{t('pendingChange')}</dt>
                <dd data-pending={pending?.changeId ?? ''}>
                  {pending === null ? (
                    t('noPendingChange')
                  ) : (
                    <>
                      {t('changeId')} {pending.changeId} · {masked(pending.payee)} · {t('proposedBy')}{' '}
                      {pending.proposedBy.id} · {beijingTime(pending.proposedAt, lang)}
                      <br />
                      {pending.expired
                        ? t('changeExpired')
                        : `${t('confirmBefore')} ${beijingTime(pending.expiresAt, lang)} · ${t('confirmableBy')}${
                            pending.mayConfirm.you ? ` · ${t('youMayConfirm')}` : ''
                          }`}
                    </>
                  )}
                </dd>
              </dl>
              {c.events.length > 0 && (
                <Table caption={`${t('payeeHistory')} ${claimId}`}>
                  <thead>
                    <tr>
                      <th scope="col">{t('time')}</th>
                      <th scope="col">{t('action')}</th>
                      <th scope="col">{t('actor')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.events.map((e) => (
                      <tr key={e.seq}>
                        <td>{beijingTime(e.at, lang)}</td>
                        <td>{t(`action_${e.action}` as Key)}</td>
                        <td>{e.actor.id}</td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
              {c.history.length > 0 && (
                <Table caption={`${t('payeeChanges')} ${claimId}`}>
                  <thead>
                    <tr>
                      <th scope="col">{t('changeId')}</th>
                      <th scope="col">{t('currentPayee')}</th>
                      <th scope="col">{t('proposedBy')}</th>
                      <th scope="col">{t('status')}</th>
                      <th scope="col">{t('confirmedBy')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.history.map((h) => (
                      <tr key={h.changeId} data-change={h.changeId}>
                        <td>{h.changeId}</td>
                        <td>{masked(h.payee)}</td>
                        <td>
                          {h.proposedBy.id} · {beijingTime(h.proposedAt, lang)}
                        </td>
                        <td>{t(`changeStatus_${h.status}` as Key)}</td>
                        <td>
                          {h.confirmedBy === null
                            ? '—'
                            : `${h.confirmedBy.id} · ${beijingTime(h.confirmedAt ?? '', lang)}`}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
              <Propose claimId={claimId} name={c.payee.name} onProposed={view.reload} />
              <Confirm
                claimId={claimId}
                changeId={pending?.changeId ?? ''}
                onConfirmed={() => {
                  view.reload();
                  onConfirmed();
                }}
              />
            </>
          );
        }}
      </Loading>
    </section>
  );
}

function Propose({ claimId, name, onProposed }: { claimId: string; name: string; onProposed: () => void }) {
  const { t } = useI18n();
  const [payee, setPayee] = useState({ name, bankName: '', accountNumber: '' });
  const action = useAction();
  const input = (key: keyof typeof payee, label: string, hint?: string) => (
    <Field label={label} {...(hint === undefined ? {} : { hint })}>
      {(p) => (
        <input
          {...p}
          required
          autoComplete="off"
          value={payee[key]}
          onInput={(e) => setPayee({ ...payee, [key]: e.currentTarget.value })}
        />
      )}
    </Field>
  );
  return (
    <>
      <h3>{t('proposePayee')}</h3>
      <ActionForm
        label={t('proposePayee')}
        action={action}
        button={t('propose')}
        submit={async () => {
          const answer = await sendJson<PayeeAnswer>('PUT', `/claims/${encodeURIComponent(claimId)}/payee`, {
            name: payee.name.trim(),
            bankName: payee.bankName.trim(),
            accountNumber: payee.accountNumber.replace(/\s/g, ''),
          });
          onProposed();
          return answer.changeId === undefined
            ? statusName(t, answer.status)
            : `${t('payeeProposed')} ${answer.changeId}`;
        }}
      >
        {input('name', t('payeeName'), t('payeeNameHint'))}
        {input('bankName', t('bankName'))}
        {input('accountNumber', t('accountNumber'))}
      </ActionForm>
    </>
  );
}

function Confirm(props: { claimId: string; changeId: string; onConfirmed: () => void }) {
  const { t } = useI18n();
  const [changeId, setChangeId] = useState(props.changeId);
  // A change proposed (or found) after the page opened fills the field; one typed in stays otherwise.
  useEffect(() => {
    if (props.changeId !== '') setChangeId(props.changeId);
  }, [props.changeId]);
  const action = useAction();
  return (
    <>
      <h3>{t('confirmPayee')}</h3>
      <ActionForm
        class="inline"
        label={t('confirmPayee')}
        action={action}
        button={t('confirmPayee')}
        submit={async () => {
          const answer = await sendJson<PayeeAnswer>(
            'POST',
            `/claims/${encodeURIComponent(props.claimId)}/payee/${encodeURIComponent(changeId.trim())}/confirm`,
            {},
          );
          props.onConfirmed();
          return `${t('payeeConfirmed')} ${answer.payoutRound ?? ''}`;
        }}
      >
        <Field label={t('changeId')} hint={t('secondPersonHint')}>
          {(p) => (
            <input {...p} required value={changeId} onInput={(e) => setChangeId(e.currentTarget.value)} />
          )}
        </Field>
      </ActionForm>
    </>
  );
}
