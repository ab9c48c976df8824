import { useState } from 'react';
import type { WorkspaceStatus } from '../../../shared/contract/workspace.js';
import { routeHref } from '../../app/router.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';
import { Icon } from '../../ui/icon.js';
import { Notice } from '../../ui/notice.js';

/** After a switch every screen must read the new workspace: a fresh page does that in one step. */
function reloadOn(screen: string): void {
  window.location.hash = routeHref(screen);
  window.location.reload();
}

function useSwitch(run: () => Promise<unknown>) {
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const start = () => {
    setState({ busy: true });
    run().then(
      () => reloadOn('home'),
      (reason: unknown) => setState({ busy: false, error: describeError(reason) }),
    );
  };
  return { ...state, start };
}

/** "Open the demo workspace": builds it in its own folder the first time, then switches to it. */
export function DemoCard({ status, emphasis }: { status: WorkspaceStatus; emphasis: boolean }) {
  const api = useApi();
  const open = useSwitch(() => api.workspace.openDemo());
  return (
    <section className="home-card home-demo" data-emphasis={emphasis ? 'true' : undefined} aria-labelledby="home-demo-title" data-testid="home-demo">
      <div className="home-demo-icon" aria-hidden="true">
        <Icon name="play" size={18} />
      </div>
      <div className="home-demo-body">
        <h2 id="home-demo-title" className="home-card-title">
          See it with data first
        </h2>
        <p>A finished workspace to look around in, built in a folder of its own:</p>
        <ul className="home-demo-list">
          <li>three demo models (careful, terse, often wrong) on a small server Arbiter runs itself, and three tiny local ones</li>
          <li>two versions of a prompt, twelve quiz questions with their answers</li>
          <li>an experiment that has run, and blind comparisons two people have half labeled</li>
        </ul>
        <p className="home-demo-note">Nothing is downloaded, and this workspace stays as it is.</p>
        {status.canSwitch ? (
          <div className="home-demo-actions">
            <button type="button" className={`btn ${emphasis ? 'btn-primary' : ''}`} onClick={open.start} disabled={open.busy} data-testid="open-demo">
              <Icon name="play" size={14} />
              {open.busy ? (status.demoBuilt ? 'Opening the demo…' : 'Building the demo…') : 'Open the demo workspace'}
            </button>
            <span className="home-demo-note" aria-live="polite">
              {open.busy
                ? status.demoBuilt
                  ? 'Switching workspaces; the page reloads when it is open.'
                  : 'Writing tiny models, running the experiment and labeling: about ten seconds. The page reloads when it is ready.'
                : status.demoBuilt
                  ? 'It is built already; opening it is instant.'
                  : 'The first time takes about ten seconds.'}
            </span>
          </div>
        ) : (
          <p className="home-demo-note">
            From a terminal: <code>npm run demo</code>
          </p>
        )}
        {open.error && (
          <Notice tone="danger" testId="open-demo-error">
            {open.error}
          </Notice>
        )}
        {status.canSwitch && (
          <p className="home-demo-cli">
            Same thing from a terminal: <code>npm run demo</code>
            {status.demoDir && (
              <>
                {' '}
                · its folder: <code title={status.demoDir}>{status.demoDir}</code>
              </>
            )}
          </p>
        )}
      </div>
    </section>
  );
}

/** In the demo workspace: where it lives, and the way back. */
export function DemoBanner({ status }: { status: WorkspaceStatus }) {
  const api = useApi();
  const back = useSwitch(() => api.workspace.openDefault());
  return (
    <section className="home-demo-banner" data-testid="demo-banner">
      <Icon name="info" size={16} />
      <div className="home-demo-banner-text">
        <strong>This is the demo workspace.</strong> Arbiter built it in its own folder (<code title={status.dataDir}>{status.dataDir}</code>)
        with nothing downloaded; change anything you like. Its demo server starts and stops with Arbiter.
      </div>
      {/* Served as the app's only workspace (`arbiter serve --data-dir <the demo>`), there is nowhere to go back to. */}
      {status.canSwitch && status.defaultDir && status.defaultDir !== status.dataDir && (
        <button type="button" className="btn btn-sm" onClick={back.start} disabled={back.busy} title={status.defaultDir} data-testid="open-own-workspace">
          <Icon name="back" size={14} />
          {back.busy ? 'Opening…' : 'Open your workspace'}
        </button>
      )}
      {back.error && <Notice tone="danger">{back.error}</Notice>}
    </section>
  );
}
