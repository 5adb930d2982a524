import { useState, type ReactNode } from 'react';
import { formatPercent } from '../format';

/** A labelled bar with role="progressbar"; turns amber above 75 % and red above 90 %. */
export function Meter({ label, percent, detail }: { label: string; percent: number; detail?: ReactNode }) {
  const clamped = Math.max(0, Math.min(100, Number.isFinite(percent) ? percent : 0));
  const level = clamped >= 90 ? 'high' : clamped >= 75 ? 'mid' : 'low';
  return (
    <div className="meter">
      <div className="meter-head">
        <span>{label}</span>
        <span className="muted small">
          {formatPercent(clamped)}
          {detail ? <> · {detail}</> : null}
        </span>
      </div>
      <div
        className={`meter-track ${level}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(clamped)}
        aria-valuetext={`${formatPercent(clamped)} used`}
      >
        <div className="meter-fill" style={{ width: `${clamped}%` }} />
      </div>
    </div>
  );
}

/** A button that copies `text`; `name` is its accessible name when the visible `label` alone would be ambiguous. */
export function CopyButton({ text, label = 'Copy', className = 'secondary', name }: { text: string; label?: string; className?: string; name?: string }) {
  const [notice, setNotice] = useState<string | null>(null);
  const copy = () => {
    if (!navigator.clipboard) {
      setNotice('Copying is not available here: select the text and copy it yourself.');
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => setNotice('Copied.'),
      () => setNotice('Copying was not allowed: select the text and copy it yourself.'),
    );
  };
  return (
    <>
      <button type="button" className={className} onClick={copy} aria-label={name}>
        {label}
      </button>
      <span className="notice small muted" aria-live="polite">
        {notice}
      </span>
    </>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorNote({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="error-note" role="alert">
      <p className="error">{message}</p>
      {onRetry && (
        <button type="button" className="secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export interface Choice<T extends string> {
  id: T;
  label: string;
}

/** A labelled <select> in a form row (`.field`): one option per choice, the chosen id handed to `onChange`. */
export function SelectField<T extends string>({ id, label, value, choices, onChange }: { id: string; label: string; value: T; choices: readonly Choice<T>[]; onChange: (value: T) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as T)}>
        {choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}
