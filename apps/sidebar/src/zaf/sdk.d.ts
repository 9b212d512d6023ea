declare module "zendesk_app_framework_sdk" {
  import type { ZafClient } from "./types";

  const ZAFClient: {
    /** Returns false when the page was not opened by a helpdesk (no origin / app_guid). */
    init(callback?: (data: unknown) => void): ZafClient | false;
  };
  export default ZAFClient;
}
