import { z } from "zod";
import { Case } from "./case";
import { Decision } from "./decision";
import { Policy } from "./policy";

/** JSON Schema of a team's policy overrides, with each key's default, for the settings UI. */
export const policyJsonSchema = z.toJSONSchema(Policy, { io: "input" });
/** JSON Schema of a case, as the engine accepts it. */
export const caseJsonSchema = z.toJSONSchema(Case, { io: "input" });
/** JSON Schema of a decision, as the engine writes it. */
export const decisionJsonSchema = z.toJSONSchema(Decision, { io: "output" });
