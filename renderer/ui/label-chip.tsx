import { Icon } from './icon.js';

/** A version label such as "production"; well-known labels get their own colour. */
export function LabelChip({ label, onRemove }: { label: string; onRemove?: () => void }) {
  const tone = label === 'production' || label === 'candidate' ? label : undefined;
  return (
    <span className="chip" data-tone={tone} data-testid="label-chip" data-label={label}>
      {label}
      {onRemove && (
        <button type="button" className="chip-remove" onClick={onRemove} aria-label={`Remove label ${label}`} title={`Remove label ${label}`}>
          <Icon name="close" size={10} />
        </button>
      )}
    </span>
  );
}
