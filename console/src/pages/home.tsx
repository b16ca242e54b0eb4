import type { Session } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import type { PageDef } from '../pages.ts';
import { follow } from '../router.ts';
import { Page } from '../ui.tsx';
import { Figures } from './figures.tsx';

export function HomePage({ session, pages }: { session: Session; pages: readonly PageDef[] }) {
  const { t } = useI18n();
  return (
    <Page title={t('welcome')} intro={t('welcomeText')}>
      <dl class="facts">
        <dt>{t('roles')}</dt>
        <dd>{session.who.roles.map((r) => t(`role_${r}` as 'role_staff')).join('、')}</dd>
        {session.who.unitCode !== null && (
          <>
            <dt>{t('unit')}</dt>
            <dd>{session.who.unitCode}</dd>
          </>
        )}
        {session.who.approverId !== null && (
          <>
            <dt>{t('approverId')}</dt>
            <dd>{session.who.approverId}</dd>
          </>
        )}
      </dl>
      <ul class="cards">
        {pages.map((page) => (
          <li key={page.id}>
            <a
              href={`${import.meta.env.BASE_URL}${page.path.slice(1)}`}
              onClick={(e) => follow(e, page.path)}
            >
              {t(page.title)}
            </a>
          </li>
        ))}
      </ul>
      {['staff', 'auditor', 'admin'].some((role) => session.who.roles.includes(role)) && <Figures />}
    </Page>
  );
}
