import { Icon } from '../ui/icon.js';
import { routeHref } from './router.js';
import { screens, type ScreenDefinition } from './screens.js';

const groups = [...new Set(screens.map((screen) => screen.group))];

export function SideNav({ current }: { current: string }) {
  return (
    <nav className="side-nav" aria-label="Screens">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          A
        </span>
        <span className="brand-name">Arbiter</span>
      </div>
      <div className="nav-groups">
        {groups.map((group) => (
          <div className="nav-group" key={group}>
            <div className="nav-group-title">{group}</div>
            <ul>
              {screens
                .filter((screen) => screen.group === group)
                .map((screen) => (
                  <NavItem key={screen.id} screen={screen} active={screen.id === current} />
                ))}
            </ul>
          </div>
        ))}
      </div>
    </nav>
  );
}

function NavItem({ screen, active }: { screen: ScreenDefinition; active: boolean }) {
  return (
    <li>
      <a className="nav-item" href={routeHref(screen.id)} aria-current={active ? 'page' : undefined} data-testid={`nav-${screen.id}`} title={screen.title}>
        <Icon name={screen.icon} size={16} />
        <span className="nav-label">{screen.title}</span>
      </a>
    </li>
  );
}
