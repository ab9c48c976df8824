import { useId, type ReactNode } from 'react';

/** A label over one control, with an optional hint or error under it. */
export function Field({
  label,
  hint,
  error,
  wide,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  wide?: boolean;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="form-field" data-wide={wide || undefined} data-invalid={error ? true : undefined}>
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
      {error ? (
        <span className="form-error" role="alert">
          {error}
        </span>
      ) : (
        hint && <span className="form-hint">{hint}</span>
      )}
    </div>
  );
}

/** "" → undefined, "12" → 12, anything else → NaN (for the form to complain about). */
export function parseOptionalNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : Number.NaN;
}

export function checkInteger(text: string, label: string, min: number, max: number, required = false): string | undefined {
  const value = parseOptionalNumber(text);
  if (value === undefined) return required ? `${label} is required.` : undefined;
  if (!Number.isInteger(value)) return `${label} is a whole number.`;
  if (value < min || value > max) return `${label} is between ${min.toLocaleString()} and ${max.toLocaleString()}.`;
  return undefined;
}

export function checkNumber(text: string, label: string, min: number, max: number): string | undefined {
  const value = parseOptionalNumber(text);
  if (value === undefined) return undefined;
  if (Number.isNaN(value)) return `${label} is a number.`;
  if (value < min || value > max) return `${label} is between ${min} and ${max}.`;
  return undefined;
}
