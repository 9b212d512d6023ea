import { NotFoundError } from "@countersign/shared";
import { describe, expect, it } from "vitest";
import { createLocalHelpdesk, type HelpdeskTicket } from "../src";

const ticket: HelpdeskTicket = {
  id: 7,
  subject: "Parcel not here",
  status: "open",
  tags: ["shipping"],
  createdAt: "2026-11-20T10:00:00Z",
  requester: { name: "Ana Lima", email: "ana@example.com" },
  comments: [
    {
      id: 1,
      author: "customer",
      body: "Where is it?",
      public: true,
      createdAt: "2026-11-20T10:00:00Z",
    },
  ],
};

describe("local helpdesk", () => {
  it("shows replies, notes and tags the product posts", async () => {
    const helpdesk = createLocalHelpdesk([ticket], { now: () => new Date("2026-11-21T09:00:00Z") });
    await helpdesk.postReply(7, "It ships today.");
    await helpdesk.postInternalNote(7, "Checked tracking.");
    await helpdesk.addTags(7, ["shipping", "countersign"]);
    const after = await helpdesk.getTicket(7);
    expect(after.comments.map((comment) => [comment.id, comment.public, comment.body])).toEqual([
      [1, true, "Where is it?"],
      [2, true, "It ships today."],
      [3, false, "Checked tracking."],
    ]);
    expect(after.tags).toEqual(["shipping", "countersign"]);
    expect(after.status).toBe("pending");
    expect(ticket.comments).toHaveLength(1);
  });

  it("answers NotFoundError for an unknown ticket", async () => {
    const helpdesk = createLocalHelpdesk([ticket]);
    await expect(helpdesk.getTicket(99)).rejects.toBeInstanceOf(NotFoundError);
    await expect(helpdesk.postReply(99, "x")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lists newest first", () => {
    const older = { ...ticket, id: 3, createdAt: "2026-11-01T10:00:00Z" };
    const helpdesk = createLocalHelpdesk([older, ticket]);
    expect(helpdesk.listTickets().map((each) => each.id)).toEqual([7, 3]);
  });
});

describe("local helpdesk agents", () => {
  it("knows each agent's role and refuses unknown agents", async () => {
    const helpdesk = createLocalHelpdesk([ticket]);
    expect(await helpdesk.getAgentRole("1")).toBe("admin");
    expect(await helpdesk.getAgentRole("2")).toBe("agent");
    await expect(helpdesk.getAgentRole("99")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("local helpdesk groups", () => {
  it("assigns the ticket to a group", async () => {
    const helpdesk = createLocalHelpdesk([ticket]);
    await helpdesk.assignGroup?.(7, "Tier 2");
    expect((await helpdesk.getTicket(7)).group).toBe("Tier 2");
  });
});

describe("a customer writing again", () => {
  it("adds the customer's message and reopens the ticket", async () => {
    const helpdesk = createLocalHelpdesk([{ ...ticket, status: "pending" }]);
    await helpdesk.receiveCustomerMessage(7, "Any news?");
    const after = await helpdesk.getTicket(7);
    expect(after.comments.at(-1)).toMatchObject({
      author: "customer",
      body: "Any news?",
      public: true,
    });
    expect(after.status).toBe("open");
  });
});

describe("announcing changes", () => {
  it("tells subscribers of each comment and status change, in order, until they stop", async () => {
    const helpdesk = createLocalHelpdesk([ticket], { now: () => new Date("2026-11-21T09:00:00Z") });
    const events: unknown[] = [];
    const stop = helpdesk.subscribe((event) => events.push(event));
    await helpdesk.postReply(7, "It ships today.");
    await helpdesk.postInternalNote(7, "Checked tracking.");
    await helpdesk.setStatus(7, "solved");
    await helpdesk.setStatus(7, "solved");
    await helpdesk.receiveCustomerMessage(7, "It did not.");
    stop();
    await helpdesk.postReply(7, "Sorry, checking.");
    expect(events).toEqual([
      {
        type: "ticket.comment_added",
        ticketId: 7,
        comment: expect.objectContaining({ id: 2, author: "agent", public: true }),
      },
      { type: "ticket.status_changed", ticketId: 7, previous: "open", current: "pending" },
      {
        type: "ticket.comment_added",
        ticketId: 7,
        comment: expect.objectContaining({ id: 3, author: "agent", public: false }),
      },
      { type: "ticket.status_changed", ticketId: 7, previous: "pending", current: "solved" },
      {
        type: "ticket.comment_added",
        ticketId: 7,
        comment: expect.objectContaining({ id: 4, author: "customer", body: "It did not." }),
      },
      { type: "ticket.status_changed", ticketId: 7, previous: "solved", current: "open" },
    ]);
    expect((await helpdesk.getTicket(7)).status).toBe("pending");
  });

  it("makes the change even when a subscriber throws", async () => {
    const helpdesk = createLocalHelpdesk([ticket]);
    helpdesk.subscribe(() => {
      throw new Error("listener broke");
    });
    await helpdesk.setStatus(7, "solved");
    expect((await helpdesk.getTicket(7)).status).toBe("solved");
    await expect(helpdesk.setStatus(99, "solved")).rejects.toBeInstanceOf(NotFoundError);
  });
});
