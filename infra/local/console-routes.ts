/**
 * What the local HTTP API serves besides the route table, for the console: its static files under
 * `/console/` and the local IdP's sign-in endpoints (Cognito's hosted UI and token endpoint in AWS).
 */
import { CONSOLE_PATH, consoleFile, type StaticAnswer } from './console-files.ts';
import type { LocalIdp } from './local-idp.ts';
import {
  LOCAL_AUTHORIZE_PATH,
  LOCAL_CALLBACK_PATH,
  LOCAL_CONSOLE_CLIENT_ID,
  LOCAL_TOKEN_PATH,
  localOAuth,
} from './local-oauth.ts';

/** The console's config.json on the local stack: the API and the IdP are on the console's own origin. */
export function localConsoleConfig(origin: string) {
  return {
    apiUrl: origin,
    authorizeUrl: `${origin}${LOCAL_AUTHORIZE_PATH}`,
    tokenUrl: `${origin}${LOCAL_TOKEN_PATH}`,
    logoutUrl: null,
    clientId: LOCAL_CONSOLE_CLIENT_ID,
    redirectUri: `${origin}${LOCAL_CALLBACK_PATH}`,
    scope: 'openid',
  };
}

export function consoleRoutes(opts: { idp: LocalIdp; consoleDir: string | null }) {
  const oauth = localOAuth({ idp: opts.idp });
  return {
    oauth,
    /** The answer to a request for one of these paths, or null when the path is not one of them. */
    answer: async (
      method: string,
      url: URL,
      origin: string,
      body: () => Promise<Buffer | null>,
    ): Promise<StaticAnswer | null> => {
      const form = async () => new URLSearchParams((await body())?.toString('utf8') ?? '');
      if (url.pathname === LOCAL_AUTHORIZE_PATH) {
        if (method === 'GET') return oauth.authorizePage(url.searchParams, origin);
        if (method === 'POST') return oauth.authorizeChoice(await form(), origin);
        return null;
      }
      if (url.pathname === LOCAL_TOKEN_PATH && method === 'POST') return oauth.token(await form());
      if (
        (method === 'GET' || method === 'HEAD') &&
        (url.pathname === CONSOLE_PATH || url.pathname.startsWith(`${CONSOLE_PATH}/`))
      ) {
        if (opts.consoleDir === null)
          return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'No console here' };
        return consoleFile(opts.consoleDir, url.pathname, localConsoleConfig(origin));
      }
      return null;
    },
  };
}
