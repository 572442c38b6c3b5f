/**
 * The thin widget layer: one set of props, two renderings. Inside Premiere the panel uses the built-in
 * Spectrum UXP widgets (`sp-button`, `sp-textfield`, ...); in the browser host and in jsdom tests it
 * renders plain elements styled alike. React does not attach handlers to web components, so the
 * Spectrum branch wires listeners through refs (host-apis.md §2 "UI, React and known gaps").
 */
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { createElement } from 'react';

export type WidgetMode = 'spectrum' | 'html';
export const WidgetModeContext = createContext<WidgetMode>('html');

function useSpectrumListener<T extends HTMLElement>(event: string, handler: ((target: T) => void) | undefined) {
  const ref = useRef<T | null>(null);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const listener = () => latest.current?.(el);
    el.addEventListener(event, listener);
    return () => el.removeEventListener(event, listener);
  }, [event]);
  return ref;
}

export interface ButtonProps {
  children: ReactNode;
  onClick?: () => void;
  variant?: 'cta' | 'primary' | 'secondary' | 'warning';
  disabled?: boolean;
  quiet?: boolean;
  title?: string;
  testId?: string;
}

export function Button(props: ButtonProps) {
  const mode = useContext(WidgetModeContext);
  const ref = useSpectrumListener<HTMLElement>('click', props.disabled ? undefined : () => props.onClick?.());
  if (mode === 'spectrum') {
    return createElement(
      'sp-button',
      { ref, variant: props.variant ?? 'secondary', disabled: props.disabled ? true : undefined, quiet: props.quiet ? true : undefined, title: props.title, 'data-testid': props.testId },
      props.children,
    );
  }
  return (
    <button
      type="button"
      className={`fb-button fb-${props.variant ?? 'secondary'}${props.quiet ? ' fb-quiet' : ''}`}
      disabled={props.disabled}
      title={props.title}
      data-testid={props.testId}
      onClick={() => props.onClick?.()}
    >
      {props.children}
    </button>
  );
}

export interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  multiline?: boolean;
  type?: 'text' | 'number';
  testId?: string;
  width?: number;
}

export function TextField(props: TextFieldProps) {
  const mode = useContext(WidgetModeContext);
  const ref = useSpectrumListener<HTMLInputElement>('input', (el) => props.onChange(el.value));
  if (mode === 'spectrum') {
    return (
      <div className="fb-field">
        {createElement('sp-label', {}, props.label)}
        {createElement(props.multiline ? 'sp-textarea' : 'sp-textfield', {
          ref,
          value: props.value,
          placeholder: props.placeholder,
          type: props.type === 'number' ? 'number' : undefined,
          'data-testid': props.testId,
          style: props.width ? { width: `${props.width}px` } : undefined,
        })}
      </div>
    );
  }
  return (
    <label className="fb-field">
      <span className="fb-label">{props.label}</span>
      {props.multiline ? (
        <textarea aria-label={props.label} value={props.value} placeholder={props.placeholder} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value)} rows={3} />
      ) : (
        <input
          aria-label={props.label}
          type={props.type ?? 'text'}
          value={props.value}
          placeholder={props.placeholder}
          data-testid={props.testId}
          style={props.width ? { width: `${props.width}px` } : undefined}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </label>
  );
}

export interface PickerProps {
  label: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange: (value: string) => void;
  testId?: string;
}

export function Picker(props: PickerProps) {
  const mode = useContext(WidgetModeContext);
  const ref = useSpectrumListener<HTMLElement & { selectedIndex?: number }>('change', (el) => {
    const option = props.options[el.selectedIndex ?? -1];
    if (option) props.onChange(option.value);
  });
  if (mode === 'spectrum') {
    // UXP `select value=` does not preselect; sp-dropdown + sp-menu with `selected` items does
    return (
      <div className="fb-field">
        {createElement('sp-label', {}, props.label)}
        {createElement(
          'sp-dropdown',
          { ref, 'data-testid': props.testId, style: { width: '180px' } },
          createElement(
            'sp-menu',
            { slot: 'options' },
            props.options.map((o) => createElement('sp-menu-item', { key: o.value, value: o.value, selected: o.value === props.value ? true : undefined }, o.label)),
          ),
        )}
      </div>
    );
  }
  return (
    <label className="fb-field">
      <span className="fb-label">{props.label}</span>
      <select aria-label={props.label} value={props.value} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export interface CheckboxProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId?: string;
}

export function Checkbox(props: CheckboxProps) {
  const mode = useContext(WidgetModeContext);
  const ref = useSpectrumListener<HTMLInputElement>('change', (el) => props.onChange(Boolean(el.checked)));
  if (mode === 'spectrum') {
    return createElement('sp-checkbox', { ref, checked: props.checked ? true : undefined, 'data-testid': props.testId }, props.label);
  }
  return (
    <label className="fb-checkbox">
      <input type="checkbox" aria-label={props.label} checked={props.checked} data-testid={props.testId} onChange={(e) => props.onChange(e.target.checked)} />
      <span>{props.label}</span>
    </label>
  );
}

export interface ProgressProps {
  label: string;
  /** 0..1 */
  value: number;
  testId?: string;
}

export function Progress(props: ProgressProps) {
  const mode = useContext(WidgetModeContext);
  const percent = Math.round(Math.max(0, Math.min(1, props.value)) * 100);
  if (mode === 'spectrum') {
    return createElement('sp-progressbar', { max: 100, value: percent, 'data-testid': props.testId, style: { width: '100%' } }, createElement('sp-label', { slot: 'label' }, props.label));
  }
  return (
    <div className="fb-progress" data-testid={props.testId} role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label={props.label}>
      <div className="fb-progress-label">
        <span>{props.label}</span>
        <span>{percent}%</span>
      </div>
      <div className="fb-progress-track">
        <div className="fb-progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

export function Heading({ children }: { children: ReactNode }) {
  const mode = useContext(WidgetModeContext);
  if (mode === 'spectrum') return createElement('sp-heading', { size: 'XS' }, children);
  return <h3 className="fb-heading">{children}</h3>;
}

/** A readable error line: code and message, never a stack. */
export function ErrorLine({ error, onDismiss }: { error: { code: string; message: string } | null | undefined; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <div className="fb-error" role="alert">
      <strong>{error.code}</strong> {error.message}
      {onDismiss ? (
        <button type="button" className="fb-link" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      ) : null}
    </div>
  );
}
