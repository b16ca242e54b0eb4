/** The console's frame: sign-in, the header (who, language, sign out), the menu by role, and the page. */
import type { ComponentType } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { completeSignIn, currentSession, type Session, signIn, signOut } from './auth.ts';
import { type ConsoleConfig, loadConfig } from './config.ts';
import { DICTIONARIES, I18nContext, type Lang, rememberLang, storedLang, useI18n } from './i18n.ts';
import { ApprovalsPage } from './pages/approvals.tsx';
import { BatchesPage, BatchPage } from './pages/batches.tsx';
import { BudgetsPage } from './pages/budgets.tsx';
import { ClaimPage } from './pages/claim.tsx';
import { ClaimsPage } from './pages/claims.tsx';
import { DeputiesPage } from './pages/deputies.tsx';
import { ExportsPage } from './pages/exports.tsx';
import { FlagsPage } from './pages/flags.tsx';
import { HomePage } from './pages/home.tsx';
import { MembersPage } from './pages/members.tsx';
import { PayeePage } from './pages/payee.tsx';
import { ProgramsPage } from './pages/programs.tsx';
import { TicketsPage } from './pages/tickets.tsx';
import { VisitsPage } from './pages/visits.tsx';
import { PAGES, type PageId } from './pages.ts';
import { follow, navigate, usePath } from './router.ts';
import { Message } from './ui.tsx';

const COMPONENTS: Record<PageId, ComponentType<{ session: Session }>> = {
  approvals: ApprovalsPage,
  batches: BatchesPage,
  claims: ClaimsPage,
  budgets: BudgetsPage,
  deputies: DeputiesPage,
  exports: ExportsPage,
  flags: FlagsPage,
  members: MembersPage,
  payee: PayeePage,
  programs: ProgramsPage,
  tickets: TicketsPage,
  visits: VisitsPage,
};

export function App() {
  const [lang, setLangState] = useState<Lang>(storedLang());
  const i18n = useMemo(
    () => ({
      lang,
      t: (key: keyof (typeof DICTIONARIES)['zh']) => DICTIONARIES[lang][key],
      setLang: (next: Lang) => {
        rememberLang(next);
        setLangState(next);
      },
    }),
    [lang],
  );
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = DICTIONARIES[lang].appName;
  }, [lang]);
  return (
    <I18nContext.Provider value={i18n}>
      <Signed />
    </I18nContext.Provider>
  );
}

function Signed() {
  const { t } = useI18n();
  const path = usePath();
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [session, setSession] = useState<Session | null>(currentSession());
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    loadConfig().then(setConfig, (e: unknown) => setFailure((e as Error).message));
  }, []);

  useEffect(() => {
    if (config === null) return;
    if (path === '/callback') {
      completeSignIn(config, new URLSearchParams(location.search)).then(
        (returnTo) => {
          setSession(currentSession());
          navigate(returnTo, true);
        },
        (e: unknown) => setFailure((e as Error).message),
      );
      return;
    }
    if (path === '/signed-out') return;
    if (session === null) void signIn(config, path + location.search);
  }, [config, path, session]);

  // At expiry the user signs in again and comes back to the page they were on.
  useEffect(() => {
    if (config === null || session === null) return;
    const timer = setTimeout(
      () => {
        setSession(null);
      },
      Math.max(0, session.expiresAt - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [config, session]);

  if (failure !== null)
    return (
      <main id="main" class="narrow">
        <h1>{t('signInFailed')}</h1>
        <Message kind="error">{failure}</Message>
        <p>
          <a href={`${import.meta.env.BASE_URL}`}>{t('signInAgain')}</a>
        </p>
      </main>
    );
  if (path === '/signed-out')
    return (
      <main id="main" class="narrow">
        <h1>{t('appName')}</h1>
        <p role="status">{t('signedOut')}</p>
        <p>
          <a href={`${import.meta.env.BASE_URL}`} class="button">
            {t('signIn')}
          </a>
        </p>
      </main>
    );
  if (config === null || session === null || path === '/callback')
    return (
      <main id="main" class="narrow">
        <p role="status">{t('signingIn')}</p>
      </main>
    );
  return (
    <Shell
      session={session}
      path={path}
      onSignOut={() => {
        signOut(config);
        setSession(null);
        navigate('/signed-out');
      }}
    />
  );
}

function Shell({ session, path, onSignOut }: { session: Session; path: string; onSignOut: () => void }) {
  const { t, lang, setLang } = useI18n();
  const pages = PAGES.filter((page) => page.allowed(session.who));
  // A claim's own page, /claims/{claimId}, belongs to the claims page; a batch's, /batches/{batchId}, to the
  // payment batches page.
  const claimId = /^\/claims\/([^/]+)$/.exec(path)?.[1];
  const batchId = /^\/batches\/([^/]+)$/.exec(path)?.[1];
  const listPath = claimId !== undefined ? '/claims' : batchId !== undefined ? '/batches' : path;
  const current = PAGES.find((page) => page.path === listPath);
  useEffect(() => {
    document.getElementById('page-title')?.focus();
  }, [path]);
  const Component = current === undefined ? null : COMPONENTS[current.id];
  return (
    <>
      <a class="skip" href="#main">
        {t('skipToContent')}
      </a>
      <header class="top">
        <a class="brand" href={`${import.meta.env.BASE_URL}`} onClick={(e) => follow(e, '/')}>
          {t('appName')}
        </a>
        <div class="who">
          <span>
            {t('signedInAs')}: <strong>{session.who.sub}</strong> (
            {session.who.roles.map((r) => t(`role_${r}` as 'role_staff')).join('、')}
            {session.who.unitCode !== null && ` · ${session.who.unitCode}`})
          </span>
          <button
            type="button"
            lang={lang === 'zh' ? 'en' : 'zh-CN'}
            aria-label={t('switchLanguageLabel')}
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          >
            {t('switchLanguage')}
          </button>
          <button type="button" onClick={onSignOut}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <nav aria-label={t('nav')}>
        <ul>
          <li>
            <a
              href={`${import.meta.env.BASE_URL}`}
              aria-current={path === '/' ? 'page' : undefined}
              onClick={(e) => follow(e, '/')}
            >
              {t('home')}
            </a>
          </li>
          {pages.map((page) => (
            <li key={page.id}>
              <a
                href={`${import.meta.env.BASE_URL}${page.path.slice(1)}`}
                aria-current={path === page.path ? 'page' : undefined}
                onClick={(e) => follow(e, page.path)}
              >
                {t(page.title)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main">
        {path === '/' ? (
          <HomePage session={session} pages={pages} />
        ) : Component === null || current === undefined ? (
          <>
            <h1 tabIndex={-1} id="page-title">
              {t('pageNotFound')}
            </h1>
            <a href={`${import.meta.env.BASE_URL}`} onClick={(e) => follow(e, '/')}>
              {t('backHome')}
            </a>
          </>
        ) : !current.allowed(session.who) ? (
          <>
            <h1 tabIndex={-1} id="page-title">
              {t(current.title)}
            </h1>
            <Message kind="info">{t('notAllowed')}</Message>
          </>
        ) : claimId !== undefined ? (
          <ClaimPage claimId={decodeURIComponent(claimId)} />
        ) : batchId !== undefined ? (
          <BatchPage batchId={decodeURIComponent(batchId)} />
        ) : (
          <Component session={session} />
        )}
      </main>
    </>
  );
}
