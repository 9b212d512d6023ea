export {
  createGorgiasHelpdesk,
  type GorgiasConfig,
  type GorgiasHelpdesk,
} from "./gorgias/gorgias-helpdesk";
export {
  createLocalHelpdesk,
  DEFAULT_LOCAL_AGENTS,
  type LocalHelpdesk,
  type LocalHelpdeskEvent,
  type LocalHelpdeskOptions,
} from "./local/local-helpdesk";
export {
  CommentAuthor,
  HelpdeskAgent,
  type HelpdeskAppInstallation,
  type HelpdeskClient,
  HelpdeskComment,
  HelpdeskTicket,
} from "./types";
export { defaultRetryPolicy, type FetchLike, type RetryPolicy } from "./zendesk/http";
export {
  createZendeskHelpdesk,
  type ZendeskConfig,
  type ZendeskHelpdesk,
} from "./zendesk/zendesk-helpdesk";
