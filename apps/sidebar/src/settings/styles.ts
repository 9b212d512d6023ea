import type { CSSProperties } from "react";

export const section: CSSProperties = {
  border: "1px solid #d8dcde",
  borderRadius: 4,
  padding: "12px 16px",
  margin: "0 0 16px",
};

export const field: CSSProperties = {
  display: "grid",
  gridTemplateColumns: "minmax(180px, 1fr) minmax(160px, 1.2fr)",
  gap: 12,
  alignItems: "center",
  padding: "6px 0",
  borderBottom: "1px solid #f3f4f5",
};

export const hint: CSSProperties = { color: "#68737d", fontSize: 12 };

export const button: CSSProperties = {
  background: "#1f73b7",
  color: "#fff",
  border: 0,
  borderRadius: 4,
  padding: "8px 14px",
  font: "inherit",
  cursor: "pointer",
};

export const secondaryButton: CSSProperties = {
  ...button,
  background: "#fff",
  color: "#1f73b7",
  border: "1px solid #1f73b7",
};

export const table: CSSProperties = { borderCollapse: "collapse", width: "100%", fontSize: 13 };

export const cell: CSSProperties = {
  textAlign: "left",
  padding: "6px 8px",
  borderBottom: "1px solid #e9ebed",
};

export const errorBox: CSSProperties = {
  background: "#fff0f1",
  border: "1px solid #cc3340",
  color: "#8c232c",
  borderRadius: 4,
  padding: "8px 12px",
  margin: "8px 0",
};

export const okBox: CSSProperties = {
  background: "#edf8f4",
  border: "1px solid #038153",
  color: "#025a3a",
  borderRadius: 4,
  padding: "8px 12px",
  margin: "8px 0",
};
