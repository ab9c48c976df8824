import type { ReactNode } from 'react';
import { Icon, type IconName } from './icon.js';

/** A screen that is part of the loop but not built yet: says what it will hold. */
export function PlannedScreen({ icon, title, step, children }: { icon: IconName; title: string; step: string; children: ReactNode }) {
  return (
    <div className="planned-screen" data-testid="planned-screen">
      <div className="planned-card">
        <div className="planned-icon">
          <Icon name={icon} size={20} />
        </div>
        <p className="planned-step">{step}</p>
        <h2>{title}</h2>
        <p className="planned-text">{children}</p>
        <p className="planned-soon">Not built yet.</p>
      </div>
    </div>
  );
}
