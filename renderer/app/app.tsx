import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/contract/index.js';
import { describeError } from '../lib/describe-error.js';
import { useApi, type Transport, TransportProvider } from '../transport/index.js';
import { AppShell } from './app-shell.js';
import { PreferencesProvider, usePreferences } from './preferences-context.js';
import { ThemeProvider } from './theme.js';

export function App({ transport }: { transport: Transport }) {
  return (
    <TransportProvider transport={transport}>
      <PreferencesProvider>
        <ThemeProvider>
          <Boot />
        </ThemeProvider>
      </PreferencesProvider>
    </TransportProvider>
  );
}

/** Waits for the workspace and the preferences, or says why the backend cannot be reached. */
function Boot() {
  const api = useApi();
  const { loaded } = usePreferences();
  const [info, setInfo] = useState<AppInfo>();
  const [error, setError] = useState<string>();

  const load = useCallback(() => {
    setError(undefined);
    api.app.info({}).then(setInfo, (reason: unknown) => setError(describeError(reason)));
  }, [api]);

  useEffect(load, [load]);

  if (error) {
    return (
      <div className="boot-screen" role="alert">
        <h1>Arbiter cannot reach its backend</h1>
        <p>{error}</p>
        <button type="button" className="btn btn-primary" onClick={load}>
          Try again
        </button>
      </div>
    );
  }
  if (!info || !loaded) return <div className="boot-screen" aria-busy="true" />;
  return <AppShell info={info} />;
}
