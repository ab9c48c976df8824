import type { Preferences } from '../../shared/preferences.js';
import { Icon, type IconName } from '../ui/icon.js';
import { usePreferences } from './preferences-context.js';

const options: { value: Preferences['theme']; label: string; icon: IconName }[] = [
  { value: 'system', label: 'Match system', icon: 'system' },
  { value: 'light', label: 'Light', icon: 'sun' },
  { value: 'dark', label: 'Dark', icon: 'moon' },
];

export function ThemeSwitch() {
  const { preferences, update } = usePreferences();
  return (
    <div className="segmented" role="group" aria-label="Theme" data-testid="theme-switch">
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={preferences.theme === option.value}
          aria-label={`${option.label} theme`}
          title={`${option.label} theme`}
          data-testid={`theme-${option.value}`}
          onClick={() => update({ theme: option.value })}
        >
          <Icon name={option.icon} size={14} />
        </button>
      ))}
    </div>
  );
}
