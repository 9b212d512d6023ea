export {
  createLocalHelpdesk,
  type LocalHelpdesk,
  type LocalHelpdeskOptions,
} from "./local/local-helpdesk";
export {
  CommentAuthor,
  type HelpdeskClient,
  HelpdeskComment,
  HelpdeskTicket,
} from "./types";
