import { useState } from 'preact/hooks';
import { getJson, sendJson } from '../api.ts';
import type { Session } from '../auth.ts';
import { ActionForm } from '../form.tsx';
import { beijingToday, cny, parseCny } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { Field, Loading, Page, Table, useAction, useLoad } from '../ui.tsx';

interface Budget {
  unitCode: string;
  programId: string;
  year: number;
  allocatedFen: number;
  committedFen: number;
  paidFen: number;
  returnedFen: number;
  availableFen: number;
}

export function BudgetsPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const [unitCode, setUnitCode] = useState(session.who.unitCode ?? '');
  const [year, setYear] = useState(beijingToday().slice(0, 4));
  const [shown, setShown] = useState<{ unitCode: string; year: string } | null>(
    unitCode === '' ? null : { unitCode, year },
  );
  return (
    <Page title={t('budgets')} intro={t('budgetsIntro')}>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          setShown({ unitCode: unitCode.trim(), year });
        }}
      >
        <Field label={t('unitCode')}>
          {(props) => (
            <input {...props} required value={unitCode} onInput={(e) => setUnitCode(e.currentTarget.value)} />
          )}
        </Field>
        <Field label={t('year')}>
          {(props) => (
            <input
              {...props}
              required
              inputMode="numeric"
              pattern="\d{4}"
              value={year}
              onInput={(e) => setYear(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit">{t('show')}</button>
      </form>
      {shown !== null && <UnitBudgets key={`${shown.unitCode}/${shown.year}`} {...shown} />}
    </Page>
  );
}

function UnitBudgets({ unitCode, year }: { unitCode: string; year: string }) {
  const { t } = useI18n();
  const budgets = useLoad(
    () =>
      getJson<{ budgets: Budget[] }>(`/budgets/${encodeURIComponent(unitCode)}/${encodeURIComponent(year)}`),
    [],
  );
  return (
    <Loading state={budgets}>
      {({ budgets: list }) =>
        list.length === 0 ? (
          <p>{t('nothing')}</p>
        ) : (
          <>
            <Table caption={`${t('budgets')} ${unitCode} ${year}`}>
              <thead>
                <tr>
                  <th scope="col">{t('program')}</th>
                  <th scope="col">{t('allocated')}</th>
                  <th scope="col">{t('committed')}</th>
                  <th scope="col">{t('paid')}</th>
                  <th scope="col">{t('available')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((b) => (
                  <tr key={b.programId}>
                    <th scope="row">{b.programId}</th>
                    <td class="num">{cny(b.allocatedFen)}</td>
                    <td class="num">{cny(b.committedFen)}</td>
                    <td class="num">{cny(b.paidFen)}</td>
                    <td class="num">{cny(b.availableFen)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Allocate
              unitCode={unitCode}
              year={year}
              programs={list.map((b) => b.programId)}
              onSaved={budgets.reload}
            />
          </>
        )
      }
    </Loading>
  );
}

function Allocate(props: { unitCode: string; year: string; programs: string[]; onSaved: () => void }) {
  const { t } = useI18n();
  const [programId, setProgramId] = useState(props.programs[0] ?? '');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction();
  return (
    <ActionForm
      class="panel"
      label={t('newAllocation')}
      action={action}
      button={t('save')}
      submit={async () => {
        const allocatedFen = parseCny(amount);
        if (allocatedFen === null) throw new Error(t('notAnAmount'));
        await sendJson(
          'PUT',
          `/budgets/${encodeURIComponent(props.unitCode)}/${encodeURIComponent(props.year)}/${encodeURIComponent(programId)}`,
          { allocatedFen, reason: reason.trim() },
        );
        props.onSaved();
        return t('budgetSaved');
      }}
    >
      <Field label={t('program')}>
        {(p) => (
          <select {...p} value={programId} onChange={(e) => setProgramId(e.currentTarget.value)}>
            {props.programs.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('newAllocation')}>
        {(p) => (
          <input
            {...p}
            required
            inputMode="decimal"
            value={amount}
            onInput={(e) => setAmount(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field label={t('reason')} hint={t('reasonHint')}>
        {(p) => (
          <input
            {...p}
            required
            minLength={2}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        )}
      </Field>
    </ActionForm>
  );
}
