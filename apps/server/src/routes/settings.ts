import { createRoute, z } from "@hono/zod-openapi";
import { AutonomyModes, AutopilotLimits } from "../autonomy/modes";
import { createRouter, problemResponse } from "../http/router";
import { getSettings } from "../use-cases/get-settings";
import { removeVoiceExample } from "../use-cases/remove-voice-example";
import { replayPolicy } from "../use-cases/replay-policy";
import { saveSettings } from "../use-cases/save-settings";

const BrandVoiceBody = z
  .object({
    tone: z.string().max(500),
    greeting: z.string().max(100),
    signOff: z.string().max(500),
    wordsToUse: z.array(z.string().min(1).max(100)).max(50),
    wordsToAvoid: z.array(z.string().min(1).max(100)).max(50),
    exampleReplies: z.array(z.string().min(1).max(5_000)).max(20),
  })
  .partial()
  .strict();

const SaveSettingsBody = z
  .object({
    expectedVersion: z.number().int().nonnegative(),
    /** Validated by the policy engine itself, so its message names the key. */
    policy: z.record(z.string(), z.unknown()),
    brandVoice: BrandVoiceBody,
    modes: AutonomyModes,
    leadRoles: z.array(z.string().min(1).max(64)).min(1, "name at least one lead role").max(20),
    autopilotLimits: AutopilotLimits.optional(),
    reason: z.string().max(1_000).nullable().optional(),
  })
  .strict()
  .openapi("SaveSettingsRequest");

const ReplayBody = z
  .object({ policy: z.record(z.string(), z.unknown()) })
  .strict()
  .openapi("ReplayRequest");

const SettingsView = z.record(z.string(), z.unknown()).openapi("Settings");
const ReplayView = z.record(z.string(), z.unknown()).openapi("PolicyReplay");
const security = [{ helpdeskJwt: [] }];

const getRoute = createRoute({
  method: "get",
  path: "/",
  summary: "The settings in force, the policy's JSON Schema, and whether the viewer may edit",
  security,
  responses: {
    200: { description: "Settings", content: { "application/json": { schema: SettingsView } } },
    401: problemResponse("The request is not signed by the helpdesk"),
  },
});

const putRoute = createRoute({
  method: "put",
  path: "/",
  summary: "Save a new settings version (leads only)",
  request: {
    body: { content: { "application/json": { schema: SaveSettingsBody } }, required: true },
  },
  security,
  responses: {
    200: {
      description: "The new version",
      content: { "application/json": { schema: z.object({ version: z.number().int() }) } },
    },
    400: problemResponse("The policy or another field is not valid"),
    401: problemResponse("The request is not signed by the helpdesk"),
    403: problemResponse("Only a lead may change settings"),
    409: problemResponse("Someone saved first"),
  },
});

const replayRoute = createRoute({
  method: "post",
  path: "/replay",
  summary: "Decide the last 30 days of tickets under a proposed policy and report what changes",
  request: { body: { content: { "application/json": { schema: ReplayBody } }, required: true } },
  security,
  responses: {
    200: { description: "The replay", content: { "application/json": { schema: ReplayView } } },
    400: problemResponse("The proposed policy is not valid"),
    401: problemResponse("The request is not signed by the helpdesk"),
  },
});

const removeExampleRoute = createRoute({
  method: "delete",
  path: "/voice-examples/{exampleId}",
  summary: "Stop using a learnt brand-voice example for drafts (leads only)",
  request: {
    params: z.object({
      exampleId: z
        .string()
        .min(1)
        .max(64)
        .openapi({ param: { name: "exampleId", in: "path" } }),
    }),
  },
  security,
  responses: {
    200: {
      description: "Removed",
      content: { "application/json": { schema: z.object({ removed: z.literal(true) }) } },
    },
    401: problemResponse("The request is not signed by the helpdesk"),
    403: problemResponse("Only a lead may remove examples"),
    404: problemResponse("No such example in use"),
  },
});

export const settingsRoutes = createRouter()
  .openapi(getRoute, async (c) => {
    const view = await getSettings({
      deps: c.get("deps"),
      input: { installation: c.get("installation"), agent: c.get("agent") },
    });
    return c.json(view as unknown as Record<string, unknown>, 200);
  })
  .openapi(putRoute, async (c) => {
    const body = c.req.valid("json");
    const saved = await saveSettings({
      deps: c.get("deps"),
      input: { installation: c.get("installation"), agent: c.get("agent"), ...body },
    });
    return c.json(saved, 200);
  })
  .openapi(replayRoute, async (c) => {
    const { policy } = c.req.valid("json");
    const report = await replayPolicy({
      deps: c.get("deps"),
      input: { installation: c.get("installation"), policy },
    });
    return c.json(report as unknown as Record<string, unknown>, 200);
  })
  .openapi(removeExampleRoute, async (c) => {
    const { exampleId } = c.req.valid("param");
    await removeVoiceExample({
      deps: c.get("deps"),
      input: { installation: c.get("installation"), agent: c.get("agent"), exampleId },
    });
    return c.json({ removed: true as const }, 200);
  });
