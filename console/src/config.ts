/** Where the API and the sign-in endpoints are: config.json, written beside the console by each stack. */
export interface ConsoleConfig {
  readonly apiUrl: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** Cognito's /logout (ends the hosted UI's session too); null locally. */
  readonly logoutUrl: string | null;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
}

let loaded: Promise<ConsoleConfig> | null = null;

export function loadConfig(): Promise<ConsoleConfig> {
  loaded ??= fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' }).then(async (res) => {
    if (!res.ok) throw new Error(`config.json: ${res.status}`);
    return (await res.json()) as ConsoleConfig;
  });
  return loaded;
}

/** The console's own paths (without the /console base). */
export function appPath(): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  const path = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : location.pathname;
  return path === '' ? '/' : path;
}

export function fullPath(path: string): string {
  return `${import.meta.env.BASE_URL.replace(/\/$/, '')}${path}`;
}
