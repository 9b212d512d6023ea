import { AppError } from "@countersign/shared";

/** Shopify refused a mutation (`userErrors`): the shop's own message and the field it named. */
export class ShopifyUserError extends AppError {
  readonly mutation: string;
  readonly field: string[] | null;
  readonly shopMessage: string;
  readonly shopCode: string | null;

  constructor(
    mutation: string,
    error: { field?: string[] | null; message: string; code?: string | null },
    context: Record<string, unknown> = {},
  ) {
    super("CONFLICT", `Shopify refused ${mutation}: ${error.message}`, {
      context: { ...context, field: error.field ?? null, code: error.code ?? null },
    });
    this.mutation = mutation;
    this.field = error.field ?? null;
    this.shopMessage = error.message;
    this.shopCode = error.code ?? null;
  }
}
