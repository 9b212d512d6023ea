import { ok } from "@countersign/shared";
export const y = ok(1);
