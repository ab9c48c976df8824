import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/contract/index.js';
import { Notice } from '../ui/notice.js';
import { AppHeader } from './app-header.js';
import { usePreferences } from './preferences-context.js';
import { replaceRoute, useRoute } from './router.js';
import { defaultScreen, findScreen, screens } from './screens.js';
import { SideNav } from './side-nav.js';

export function AppShell({ info }: { info: AppInfo }) {
  const { preferences, update, error } = usePreferences();
  const route = useRoute();
  const screen = findScreen(route.screen);
  // Screens stay mounted once visited, so switching away never throws away editor state.
  const [visited, setVisited] = useState<ReadonlySet<string>>(() => new Set());

  useEffect(() => {
    if (!screen) replaceRoute(findScreen(preferences.lastScreen) ? preferences.lastScreen : defaultScreen);
  }, [screen, preferences.lastScreen]);

  useEffect(() => {
    if (!screen) return;
    setVisited((current) => (current.has(screen.id) ? current : new Set(current).add(screen.id)));
    if (preferences.lastScreen !== screen.id) update({ lastScreen: screen.id });
    // Only a change of screen is worth persisting; preferences changing must not loop back here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [screen?.id]);

  return (
    <div className="app-shell">
      <SideNav current={screen?.id ?? ''} />
      <div className="app-main">
        <AppHeader title={screen?.title ?? ''} info={info} />
        {error && (
          <div className="app-banner">
            <Notice tone="warning">{error}</Notice>
          </div>
        )}
        {screens
          .filter((definition) => visited.has(definition.id))
          .map((definition) => (
            <main
              key={definition.id}
              className="screen"
              hidden={definition.id !== screen?.id}
              data-testid={`screen-${definition.id}`}
              aria-label={definition.title}
            >
              <definition.component />
            </main>
          ))}
      </div>
    </div>
  );
}
