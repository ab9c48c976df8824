export function VariablesPanel({
  variables,
  samples,
  onChange,
}: {
  variables: readonly string[];
  samples: Readonly<Record<string, string>>;
  onChange(name: string, value: string): void;
}) {
  return (
    <section className="panel-section" aria-labelledby="variables-title">
      <div className="panel-section-head">
        <h3 id="variables-title" className="section-title">
          Variables
        </h3>
        <span className="muted">{variables.length}</span>
      </div>
      {variables.length === 0 ? (
        <p className="panel-hint">
          No variables yet. Write <code className="inline-code">{'{{ name }}'}</code> in a message to add one.
        </p>
      ) : (
        <>
          <p className="panel-hint">Sample values only feed the preview. Write JSON for a list or an object.</p>
          <ul className="variable-list" data-testid="variable-list">
            {variables.map((name) => (
              <li key={name} className="variable" data-testid="variable" data-variable={name}>
                <label className="variable-name" htmlFor={`sample-${name}`}>
                  {name}
                </label>
                <textarea
                  id={`sample-${name}`}
                  className="textarea variable-input"
                  rows={1}
                  placeholder="Sample value"
                  data-testid="variable-sample"
                  value={samples[name] ?? ''}
                  onChange={(event) => onChange(name, event.target.value)}
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
