import { useState } from 'preact/hooks';
import { getJson, sendJson } from '../api.ts';
import { ActionForm } from '../form.tsx';
import { beijingTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { Field, Loading, Message, Page, useAction, useLoad } from '../ui.tsx';

interface Ticket {
  ticketId: string;
  claimId: string;
  memberId: string;
  unitCode: string;
  kinds: string[];
  detail: { zh: string; en: string };
  status: 'open' | 'resolved' | 'expired';
  createdAt: string;
  dueAt: string;
}

export function TicketsPage() {
  const { t } = useI18n();
  const tickets = useLoad(() => getJson<{ tickets: Ticket[] }>('/tickets'), []);
  // A resolved ticket leaves the list: what was done is said above it. The list is read from an index
  // that may lag a write (DynamoDB's indexes are eventually consistent), so a ticket resolved here is
  // left out at once rather than shown open again by a reload that read the index too early.
  const [resolved, setResolved] = useState<string | null>(null);
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  return (
    <Page title={t('tickets')} intro={t('ticketsIntro')}>
      {resolved !== null && <Message kind="ok">{resolved}</Message>}
      <Loading state={tickets}>
        {({ tickets: all }) => {
          const list = all.filter((ticket) => !closed.has(ticket.ticketId));
          return list.length === 0 ? (
            <p>{t('nothing')}</p>
          ) : (
            <ul class="records">
              {list.map((ticket) => (
                <TicketItem
                  key={ticket.ticketId}
                  ticket={ticket}
                  onResolved={() => {
                    setResolved(`${t('resolved')} ${t('claim')} ${ticket.claimId}`);
                    setClosed((ids) => new Set([...ids, ticket.ticketId]));
                    tickets.reload();
                  }}
                />
              ))}
            </ul>
          );
        }}
      </Loading>
    </Page>
  );
}

function TicketItem({ ticket, onResolved }: { ticket: Ticket; onResolved: () => void }) {
  const { t, lang } = useI18n();
  const [outcome, setOutcome] = useState<'corrected' | 'rejected'>('corrected');
  const [reason, setReason] = useState('');
  const action = useAction();
  return (
    <li class="record">
      <h2>
        {t('claim')} {ticket.claimId}
      </h2>
      <dl class="facts">
        <dt>{t('status')}</dt>
        <dd>{t(`ticket_${ticket.status}`)}</dd>
        <dt>{t('member')}</dt>
        <dd>{ticket.memberId}</dd>
        <dt>{t('unit')}</dt>
        <dd>{ticket.unitCode}</dd>
        <dt>{t('ticketDetail')}</dt>
        <dd>{ticket.detail[lang]}</dd>
        <dt>{t('dueAt')}</dt>
        <dd>{beijingTime(ticket.dueAt, lang)}</dd>
      </dl>
      {ticket.status === 'open' && (
        <ActionForm
          label={`${t('resolve')} ${ticket.claimId}`}
          action={action}
          button={t('resolve')}
          submit={async () => {
            await sendJson('POST', `/tickets/${encodeURIComponent(ticket.ticketId)}/resolve`, {
              outcome,
              ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
            });
            onResolved();
            return null;
          }}
        >
          <Field label={t('outcome')}>
            {(props) => (
              <select
                {...props}
                value={outcome}
                onChange={(e) =>
                  setOutcome((e.currentTarget.value as 'corrected' | 'rejected') ?? 'corrected')
                }
              >
                <option value="corrected">{t('outcome_corrected')}</option>
                <option value="rejected">{t('outcome_rejected')}</option>
              </select>
            )}
          </Field>
          <Field label={t('reason')}>
            {(props) => <input {...props} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
          </Field>
        </ActionForm>
      )}
    </li>
  );
}
