/**
 * The session token, in sessionStorage: it lasts as long as the tab, survives a reload, and is not
 * shared with other tabs. Components follow it with useSessionToken; the Apollo link reads it.
 */
import { useSyncExternalStore } from 'react';

const KEY = 'lwork-session-token';
const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};

export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  start(token: string): void {
    sessionStorage.setItem(KEY, token);
    notify();
  },
  end(): void {
    sessionStorage.removeItem(KEY);
    notify();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useSessionToken(): string | null {
  return useSyncExternalStore(session.subscribe, session.token);
}
