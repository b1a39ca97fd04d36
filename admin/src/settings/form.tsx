/**
 * The settings form's state: a draft of the shop's settings edited field by field (by dotted path, the
 * same paths the server names in its problems), and each field showing the server's problem with it inline.
 * Numbers typed are sent as numbers; anything else is sent as typed, for the server to say what is wrong.
 */
import { Checkbox, Select, TextField } from "@shopify/polaris";
import { createContext, useContext, type ReactNode } from "react";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Draft = Record<string, any>;

export function getAt(obj: Draft | undefined, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Draft)[k] : undefined), obj);
}

/** A copy of the draft with the value at the path replaced (objects and lists copied on the way). */
export function setAt(obj: Draft, path: string, value: unknown): Draft {
  const [head, ...rest] = path.split(".");
  const copy: Draft = Array.isArray(obj) ? [...obj] : { ...obj };
  if (!rest.length) {
    if (value === undefined) delete copy[head!];
    else copy[head!] = value;
  } else
    copy[head!] = setAt((obj?.[head!] as Draft) ?? (/^\d+$/.test(rest[0]!) ? [] : {}), rest.join("."), value);
  return copy;
}

interface FormState {
  draft: Draft;
  set: (path: string, value: unknown) => void;
  error: (path: string) => string | undefined;
}

export const FormContext = createContext<FormState>({
  draft: {},
  set: () => undefined,
  error: () => undefined,
});
export const useForm = () => useContext(FormContext);

export function FormProvider(props: FormState & { children: ReactNode }) {
  const { children, ...state } = props;
  return <FormContext.Provider value={state}>{children}</FormContext.Provider>;
}

const asNumber = (text: string) =>
  text.trim() !== "" && Number.isFinite(Number(text.replace(",", ".")))
    ? Number(text.replace(",", "."))
    : text;

export function TextAt(props: {
  path: string;
  label: string;
  type?: "text" | "email" | "password";
  placeholder?: string;
  helpText?: string;
  optional?: boolean;
}) {
  const { draft, set, error } = useForm();
  const value = getAt(draft, props.path);
  return (
    <TextField
      label={props.label}
      type={props.type ?? "text"}
      value={value === undefined || value === null ? "" : String(value)}
      onChange={(v) => set(props.path, props.optional && v.trim() === "" ? undefined : v)}
      error={error(props.path)}
      placeholder={props.placeholder}
      helpText={props.helpText}
      autoComplete="off"
      id={`field-${props.path}`}
    />
  );
}

export function NumberAt(props: { path: string; label: string; optional?: boolean }) {
  const { draft, set, error } = useForm();
  const value = getAt(draft, props.path);
  return (
    <TextField
      label={props.label}
      type="text"
      inputMode="decimal"
      value={value === undefined || value === null ? "" : String(value)}
      onChange={(v) => set(props.path, props.optional && v.trim() === "" ? undefined : asNumber(v))}
      error={error(props.path)}
      autoComplete="off"
      id={`field-${props.path}`}
    />
  );
}

export function SelectAt(props: {
  path: string;
  label: string;
  options: { label: string; value: string }[];
}) {
  const { draft, set, error } = useForm();
  return (
    <Select
      label={props.label}
      options={props.options}
      value={String(getAt(draft, props.path) ?? "")}
      onChange={(v) => set(props.path, v)}
      error={error(props.path)}
      id={`field-${props.path}`}
    />
  );
}

export function CheckboxAt(props: { path: string; label: string }) {
  const { draft, set, error } = useForm();
  return (
    <Checkbox
      label={props.label}
      checked={Boolean(getAt(draft, props.path))}
      onChange={(v) => set(props.path, v)}
      error={error(props.path)}
      id={`field-${props.path}`}
    />
  );
}
