import { useState } from 'preact/hooks';
import { getJson, sendJson } from '../api.ts';
import { beijingTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { Field, Loading, Message, Outcome, Page, useAction, useLoad } from '../ui.tsx';

interface Flag {
  claimId: string;
  flagId: string;
  rule: string;
  score: number;
  state: 'OPEN' | 'CLEARED' | 'CONFIRMED';
  raisedAt: string;
  what: { zh: string; en: string };
}

export function FlagsPage() {
  const { t } = useI18n();
  const flags = useLoad(() => getJson<{ flags: Flag[] }>('/fraud/flags'), []);
  // A decided flag leaves the list of open flags: what was done is said above it.
  const [decided, setDecided] = useState<string | null>(null);
  return (
    <Page title={t('flags')} intro={t('flagsIntro')}>
      {decided !== null && <Message kind="ok">{decided}</Message>}
      <Loading state={flags}>
        {({ flags: list }) =>
          list.length === 0 ? (
            <p>{t('nothing')}</p>
          ) : (
            <ul class="records">
              {list.map((flag) => (
                <FlagItem
                  key={`${flag.claimId}/${flag.flagId}`}
                  flag={flag}
                  onDecided={() => {
                    setDecided(`${t('flagDecided')} ${t('claim')} ${flag.claimId}`);
                    flags.reload();
                  }}
                />
              ))}
            </ul>
          )
        }
      </Loading>
    </Page>
  );
}

function FlagItem({ flag, onDecided }: { flag: Flag; onDecided: () => void }) {
  const { t, lang } = useI18n();
  const [reason, setReason] = useState('');
  const action = useAction();
  const decide = (how: 'clear' | 'confirm') =>
    action.run(async () => {
      await sendJson(
        'POST',
        `/fraud/flags/${encodeURIComponent(flag.claimId)}/${encodeURIComponent(flag.flagId)}/${how}`,
        { reason: reason.trim() },
      );
      onDecided();
      return null;
    });
  return (
    <li class="record" data-claim={flag.claimId} data-flag={flag.flagId}>
      <h2>
        {t('claim')} {flag.claimId} · {flag.flagId}
      </h2>
      <dl class="facts">
        <dt>{t('status')}</dt>
        <dd>{t(`flag_${flag.state}`)}</dd>
        <dt>{t('flagRule')}</dt>
        <dd>{flag.rule}</dd>
        <dt>{t('flagScore')}</dt>
        <dd>{flag.score}</dd>
        <dt>{t('flagWhat')}</dt>
        <dd>{flag.what[lang]}</dd>
        <dt>{t('createdAt')}</dt>
        <dd>{beijingTime(flag.raisedAt, lang)}</dd>
      </dl>
      {flag.state === 'OPEN' && (
        <form aria-label={`${t('flags')} ${flag.claimId}`} onSubmit={(e) => e.preventDefault()}>
          <Field label={t('reason')} hint={t('reasonHint')}>
            {(props) => (
              <input {...props} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
            )}
          </Field>
          <div class="actions">
            <button type="button" disabled={action.busy} onClick={() => void decide('clear')}>
              {t('clearFlag')}
            </button>
            <button
              type="button"
              class="danger"
              disabled={action.busy}
              onClick={() => void decide('confirm')}
            >
              {t('confirmFlag')}
            </button>
          </div>
        </form>
      )}
      <Outcome action={action} />
    </li>
  );
}
