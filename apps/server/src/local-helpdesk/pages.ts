import type { HelpdeskComment, HelpdeskTicket } from "@countersign/helpdesk";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const styles = `
  :root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #2f3941; }
  body { margin: 0; background: #f8f9f9; }
  header { background: #03363d; color: #fff; padding: 10px 20px; display: flex; gap: 16px; align-items: baseline; }
  header a { color: #fff; text-decoration: none; font-weight: 600; }
  header span { opacity: .75; font-size: 13px; }
  main { padding: 20px; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: 10px 12px; border-bottom: 1px solid #e9ebed; font-size: 14px; }
  th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #68737d; }
  .status { display: inline-block; border-radius: 4px; padding: 2px 6px; font-size: 12px; color: #fff; background: #1f73b7; }
  .status-new { background: #ffb648; color: #2f3941; } .status-pending { background: #68737d; } .status-solved { background: #87929d; }
  .ticket { display: grid; grid-template-columns: minmax(0, 1fr) 340px; gap: 20px; align-items: start; }
  .conversation { background: #fff; border: 1px solid #d8dcde; border-radius: 4px; padding: 16px; }
  .comment { border-bottom: 1px solid #e9ebed; padding: 12px 0; }
  .comment:last-child { border-bottom: 0; }
  .comment-meta { font-size: 12px; color: #68737d; margin-bottom: 6px; }
  .comment-body { white-space: pre-wrap; font-size: 14px; line-height: 1.5; }
  .internal { background: #fff6e5; margin: 0 -16px; padding: 12px 16px; }
  .composer textarea { width: 100%; box-sizing: border-box; min-height: 110px; font: inherit; padding: 8px; }
  .composer button { margin-top: 8px; background: #1f73b7; color: #fff; border: 0; border-radius: 4px; padding: 8px 14px; font: inherit; cursor: pointer; }
  .composer button + button { margin-left: 8px; background: #2f3941; }
  .apps { background: #fff; border: 1px solid #d8dcde; border-radius: 4px; }
  .apps h2 { font-size: 13px; margin: 0; padding: 10px 12px; border-bottom: 1px solid #e9ebed; }
  iframe { width: 100%; border: 0; height: 480px; display: block; }
  .nav-app iframe { height: calc(100vh - 90px); background: #fff; border: 1px solid #d8dcde; border-radius: 4px; }
`;

function layout(title: string, body: Html, scripts: Html = html``): Html {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · Local helpdesk</title>
    <style>${raw(styles)}</style>
  </head>
  <body>
    <header><a href="/">Local helpdesk</a><span>A stand-in for the Zendesk agent workspace, running Countersign in its sidebar</span><a href="/settings" data-keep-agent>Settings</a></header>
    <main>${body}</main>
    ${scripts}
  </body>
</html>`;
}

export function ticketListPage(tickets: HelpdeskTicket[]): Html {
  const rows = tickets.map(
    (ticket) => html`<tr>
      <td>#${ticket.id}</td>
      <td><a href="/tickets/${ticket.id}">${ticket.subject}</a></td>
      <td>${ticket.requester.name}</td>
      <td><span class="status status-${ticket.status}">${ticket.status}</span></td>
      <td>${ticket.createdAt.slice(0, 10)}</td>
    </tr>`,
  );
  return layout(
    "Tickets",
    html`<h1>Tickets</h1>
      <table>
        <thead><tr><th>Id</th><th>Subject</th><th>Requester</th><th>Status</th><th>Created</th></tr></thead>
        <tbody>${rows}</tbody>
      </table>`,
  );
}

function commentView(ticket: HelpdeskTicket, comment: HelpdeskComment): Html {
  const who =
    comment.author === "customer" ? ticket.requester.name : (comment.authorName ?? "Agent");
  const kind = comment.public ? "Public reply" : "Internal note";
  return html`<article class="comment ${comment.public ? "" : "internal"}" aria-label="${kind} from ${who}">
    <div class="comment-meta">${who} · ${kind} · ${comment.createdAt.replace("T", " ").slice(0, 16)}</div>
    <div class="comment-body">${comment.body}</div>
  </article>`;
}

/** The conversation alone; the ticket page swaps it in when the product posts to the ticket. */
export function conversationFragment(ticket: HelpdeskTicket): Html {
  return html`${ticket.comments.map((comment) => commentView(ticket, comment))}`;
}

/** The nav-bar location: Countersign's settings page, hosted like the sidebar over ZAF. */
export function settingsPage(): Html {
  return layout(
    "Countersign settings",
    html`<div class="nav-app" data-app-location="nav_bar" data-app-page="settings.html" data-app-title="Countersign settings">
      <div id="app-frame"></div>
    </div>`,
    html`<script type="module" src="/local-helpdesk/assets/host.js"></script>`,
  );
}

export function ticketPage(ticket: HelpdeskTicket): Html {
  return layout(
    `#${ticket.id} ${ticket.subject}`,
    html`<div class="ticket" data-ticket-id="${ticket.id}">
      <section class="conversation" aria-label="Conversation">
        <h1>${ticket.subject}</h1>
        <p class="comment-meta">#${ticket.id} · ${ticket.requester.name} &lt;${ticket.requester.email}&gt; ·
          <span class="status status-${ticket.status}">${ticket.status}</span>
          ${ticket.group ? html` · group: <span data-group>${ticket.group}</span>` : ""}</p>
        <div id="conversation" aria-live="polite">${conversationFragment(ticket)}</div>
        <form class="composer" id="composer" method="post" action="/tickets/${ticket.id}/comments">
          <label for="composer-text">Your reply</label>
          <textarea id="composer-text" name="body" placeholder="Write a public reply"></textarea>
          <button type="submit">Submit as public reply</button>
          <button type="submit" name="status" value="solved">Submit as solved</button>
        </form>
      </section>
      <aside class="apps" aria-label="Apps">
        <h2>Apps</h2>
        <div id="app-frame"></div>
      </aside>
    </div>`,
    html`<script type="module" src="/local-helpdesk/assets/host.js"></script>`,
  );
}
