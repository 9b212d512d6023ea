import { type ReactNode, useState } from "react";
import type { PolicySchemaProperty } from "./settings-api";
import { field, hint } from "./styles";

type Overrides = Record<string, unknown>;

interface FieldProps {
  name: string;
  path: string;
  property: PolicySchemaProperty;
  value: unknown;
  effective: unknown;
  onChange: (value: unknown) => void;
}

function kindOf(property: PolicySchemaProperty): string {
  if (property.enum) {
    return "enum";
  }
  const types = [
    ...(Array.isArray(property.type) ? property.type : property.type ? [property.type] : []),
    ...(property.anyOf ?? []).flatMap((option) =>
      Array.isArray(option.type) ? option.type : option.type ? [option.type] : [],
    ),
  ];
  if (types.includes("boolean")) {
    return "boolean";
  }
  if (types.includes("number") || types.includes("integer")) {
    return "number";
  }
  if (types.includes("array") && property.items?.type === "string") {
    return "tags";
  }
  if (types.includes("object") && property.properties) {
    return "object";
  }
  return "json";
}

/** Labels for nested keys whose schema carries no description of its own. */
const NESTED_LABELS: Record<string, string> = {
  "vip.tags": "Customer tags that mark a VIP",
  "vip.lifetimeSpendAbove": "A customer who spent more than this is a VIP; empty = the default",
  "vip.automate": "Automate VIP tickets (off: a person handles them)",
};

function shown(value: unknown): string {
  if (value === undefined || value === null) {
    return "";
  }
  return Array.isArray(value) ? value.join(", ") : String(value);
}

/** One key: the team's override, with the value in force as the placeholder. */
function PolicyField({ name, path, property, value, effective, onChange }: FieldProps) {
  const id = `policy-${path.replaceAll(".", "-")}`;
  const label = (
    <label htmlFor={id}>
      {property.description ?? NESTED_LABELS[path] ?? name}
      <div style={hint}>
        <code>{path}</code>
        {value === undefined ? " · default" : " · changed"}
      </div>
    </label>
  );
  const kind = kindOf(property);
  if (kind === "enum") {
    return (
      <div style={field}>
        {label}
        <select
          id={id}
          value={shown(value ?? effective)}
          onChange={(event) => onChange(event.target.value)}
        >
          {(property.enum ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </div>
    );
  }
  if (kind === "boolean") {
    return (
      <div style={field}>
        {label}
        <input
          id={id}
          type="checkbox"
          checked={Boolean(value ?? effective)}
          onChange={(event) => onChange(event.target.checked)}
        />
      </div>
    );
  }
  if (kind === "number") {
    return (
      <div style={field}>
        {label}
        <input
          id={id}
          type="number"
          step="any"
          value={shown(value)}
          placeholder={shown(effective)}
          onChange={(event) =>
            onChange(event.target.value === "" ? undefined : Number(event.target.value))
          }
        />
      </div>
    );
  }
  if (kind === "tags") {
    return (
      <div style={field}>
        {label}
        <input
          id={id}
          value={shown(value)}
          placeholder={shown(effective)}
          onChange={(event) =>
            onChange(
              event.target.value.trim() === ""
                ? undefined
                : event.target.value
                    .split(",")
                    .map((tag) => tag.trim())
                    .filter((tag) => tag !== ""),
            )
          }
        />
      </div>
    );
  }
  return (
    <JsonField id={id} label={label} value={value} effective={effective} onChange={onChange} />
  );
}

function JsonField(props: {
  id: string;
  label: ReactNode;
  value: unknown;
  effective: unknown;
  onChange: (value: unknown) => void;
}) {
  const [text, setText] = useState(props.value === undefined ? "" : JSON.stringify(props.value));
  const [bad, setBad] = useState(false);
  return (
    <div style={field}>
      {props.label}
      <div>
        <input
          id={props.id}
          style={{ width: "100%", boxSizing: "border-box" }}
          value={text}
          placeholder={JSON.stringify(props.effective)}
          aria-invalid={bad}
          onChange={(event) => {
            setText(event.target.value);
            if (event.target.value.trim() === "") {
              setBad(false);
              props.onChange(undefined);
              return;
            }
            try {
              props.onChange(JSON.parse(event.target.value));
              setBad(false);
            } catch {
              setBad(true);
            }
          }}
        />
        {bad ? <div style={hint}>Not valid JSON yet.</div> : null}
      </div>
    </div>
  );
}

function withKey(overrides: Overrides, key: string, value: unknown): Overrides {
  const next = { ...overrides };
  if (value === undefined) {
    delete next[key];
  } else {
    next[key] = value;
  }
  return next;
}

/** Every key of the policy, from the engine's JSON Schema; empty means the default. */
export function PolicyEditor(props: {
  properties: Record<string, PolicySchemaProperty>;
  value: Overrides;
  effective: Record<string, unknown>;
  onChange: (value: Overrides) => void;
}) {
  return (
    <div>
      {Object.entries(props.properties).map(([key, property]) => {
        if (kindOf(property) === "object" && property.properties) {
          const nested = (props.value[key] ?? {}) as Overrides;
          const effective = (props.effective[key] ?? {}) as Record<string, unknown>;
          return (
            <fieldset key={key} style={{ border: 0, padding: 0, margin: "6px 0" }}>
              <legend style={{ fontWeight: 600 }}>{property.description ?? key}</legend>
              {Object.entries(property.properties).map(([inner, innerProperty]) => (
                <PolicyField
                  key={inner}
                  name={inner}
                  path={`${key}.${inner}`}
                  property={innerProperty}
                  value={nested[inner]}
                  effective={effective[inner]}
                  onChange={(value) => {
                    const next = withKey(nested, inner, value);
                    props.onChange(
                      withKey(props.value, key, Object.keys(next).length === 0 ? undefined : next),
                    );
                  }}
                />
              ))}
            </fieldset>
          );
        }
        return (
          <PolicyField
            key={key}
            name={key}
            path={key}
            property={property}
            value={props.value[key]}
            effective={props.effective[key]}
            onChange={(value) => props.onChange(withKey(props.value, key, value))}
          />
        );
      })}
    </div>
  );
}
