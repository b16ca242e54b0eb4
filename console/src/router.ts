/** The console's pages are paths under /console/, moved between with the History API. */
import { useEffect, useState } from 'preact/hooks';
import { appPath, fullPath } from './config.ts';

const listeners = new Set<() => void>();

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', fullPath(path));
  else history.pushState(null, '', fullPath(path));
  for (const listener of listeners) listener();
}

export function usePath(): string {
  const [path, setPath] = useState(appPath());
  useEffect(() => {
    const update = () => setPath(appPath());
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** A link to a console page: a real href (opens in a new tab too), followed without a reload. */
export function follow(event: MouseEvent, path: string): void {
  if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(path);
}
