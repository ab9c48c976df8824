import { useState } from 'react';
import { Icon } from '../../ui/icon.js';
import { escapeStop, unescapeStop } from './sampling-params.js';

const maxStops = 8;

/** Stop sequences as chips; type one and press Enter (\n is a newline). */
export function StopSequences({ id, value, onChange }: { id: string; value: string[]; onChange(stops: string[]): void }) {
  const [text, setText] = useState('');
  const add = () => {
    const stop = unescapeStop(text);
    if (!stop || stop.length > 100 || value.includes(stop) || value.length >= maxStops) return;
    onChange([...value, stop]);
    setText('');
  };
  return (
    <div className="stop-box">
      {value.map((stop) => (
        <span key={stop} className="chip stop-chip">
          <span className="mono">{escapeStop(stop)}</span>
          <button type="button" className="chip-remove" aria-label={`Remove stop sequence ${escapeStop(stop)}`} onClick={() => onChange(value.filter((other) => other !== stop))}>
            <Icon name="close" size={10} />
          </button>
        </span>
      ))}
      <input
        id={id}
        className="stop-input mono"
        value={text}
        placeholder={value.length === 0 ? 'e.g. \\n\\n then Enter' : value.length >= maxStops ? '' : 'add…'}
        disabled={value.length >= maxStops}
        onChange={(event) => setText(event.target.value)}
        onBlur={add}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
            event.preventDefault();
            add();
          } else if (event.key === 'Backspace' && !text && value.length > 0) {
            onChange(value.slice(0, -1));
          }
        }}
      />
    </div>
  );
}
