import { AbstractFulfillmentProviderService, MedusaError, Modules } from "@medusajs/framework/utils";
import type {
  CalculatedShippingOptionPrice,
  CalculateShippingOptionPriceDTO,
  CreateFulfillmentResult,
  FulfillmentOption,
  Logger,
} from "@medusajs/framework/types";
import { fulfillmentDataOf, type CanadaPostFulfillmentData } from "../../medusa/fulfillment-data";
import { medusaErrorOf } from "../../medusa/http-errors";
import type { MedusaLocking } from "../../medusa/locks";
import type { MedusaCache, MedusaFiles } from "../../medusa/medusa-ports";
import {
  cartLineOf,
  cartSubtotalOf,
  destinationOf,
  orderLineOf,
  toNumber,
  trackingUrl,
  type MedusaLineLike,
} from "../../medusa/mapping";
import { CANADA_POST_MODULE, type CanadaPostModuleLike } from "../../medusa/module-service";
import {
  resolvePluginOptions,
  type CanadaPostPluginOptions,
  type ResolvedPluginOptions,
} from "../../medusa/options";
import { canadaPostRuntime, checkCanadaPostChoice, type CanadaPostRuntime } from "../../medusa/runtime";
import { serviceNameOf } from "../../medusa/service-names";
import { servesCountry, serviceHint } from "../../shipping/regions";
import { AlreadyLabelledError, ShipmentPurchaseError, type ShipmentRecord } from "../../shipping/shipments";
import { toKilograms } from "../../shipping/units";

const RETURN_OPTION_ID = "canada-post-return";

/** The fulfillment module's container as the provider gets it; the rest comes through its `dependencies`. */
type Cradle = Record<string, unknown>;

/**
 * Canada Post as a Medusa fulfillment provider: a thin translation to the shipping core. Live rates at
 * checkout (never failing a cart because Canada Post is slow or down), one label per parcel on fulfillment
 * however often it is asked (never two), void or refund on cancel, and a prepaid return label.
 */
export class CanadaPostFulfillmentService extends AbstractFulfillmentProviderService {
  static override identifier = "canada-post";

  protected readonly options: ResolvedPluginOptions;
  protected readonly logger?: Logger;
  private readonly cradle: Cradle;

  /**
   * Medusa calls this once at load: bad settings stop the app with every problem listed, and so does
   * production without Canada Post credentials (unless the settings ask for the simulator).
   */
  static validateOptions(options: Record<string, unknown>): void {
    checkCanadaPostChoice(resolvePluginOptions(options));
  }

  constructor(cradle: Cradle, options: CanadaPostPluginOptions) {
    super();
    this.cradle = cradle;
    this.logger = optional<Logger>(cradle, "logger");
    this.options = resolvePluginOptions(options);
  }

  private runtimeOnce?: Promise<CanadaPostRuntime>;

  /**
   * Looked up once per provider (every checkout's pricing passes here), again only after a failure. The
   * plugin's records and Medusa's locking come from the fulfillment module's `dependencies`.
   */
  protected runtime(): Promise<CanadaPostRuntime> {
    if (!this.runtimeOnce) {
      this.runtimeOnce = canadaPostRuntime(this.options, this.logger).then(async (runtime) => {
        runtime.provide({
          module: optional<CanadaPostModuleLike>(this.cradle, CANADA_POST_MODULE),
          locking: optional<MedusaLocking>(this.cradle, Modules.LOCKING),
          files: optional<MedusaFiles>(this.cradle, Modules.FILE),
          cache: optional<MedusaCache>(this.cradle, Modules.CACHE),
        });
        await runtime.ready();
        return runtime;
      });
      this.runtimeOnce.catch(() => (this.runtimeOnce = undefined));
    }
    return this.runtimeOnce;
  }

  private get settings() {
    return this.options.settings;
  }

  override async getFulfillmentOptions(): Promise<FulfillmentOption[]> {
    const lang = this.settings.language;
    const services = this.settings.services
      .filter((s) => s.enabled)
      .map((s) => ({
        id: `canada-post-${s.code}`,
        service_code: s.code,
        name: s.name ?? serviceNameOf(s.code, lang),
      }));
    return [
      ...services,
      {
        id: RETURN_OPTION_ID,
        is_return: true,
        service_code: "DOM.EP",
        name: "Canada Post return label (Expedited Parcel)",
      },
    ];
  }

  override async validateOption(data: Record<string, unknown>): Promise<boolean> {
    return typeof data.service_code === "string";
  }

  /** Every Canada Post option is priced live. On updates Medusa may pass no data: still true. */
  override async canCalculate(): Promise<boolean> {
    return true;
  }

  override async validateFulfillmentData(
    optionData: Record<string, unknown>,
    data: Record<string, unknown>,
    context: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const serviceCode = serviceCodeOf(optionData);
    const address = (context as { shipping_address?: { country_code?: string | null } }).shipping_address;
    const country = address?.country_code?.toUpperCase();
    if (country && !servesCountry(serviceCode, country)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `${serviceNameOf(serviceCode, this.settings.language)} does not go to ${country}: choose ${serviceHint(country)}`,
      );
    }
    return { ...data, service_code: serviceCode };
  }

  override async calculatePrice(
    optionData: CalculateShippingOptionPriceDTO["optionData"],
    data: CalculateShippingOptionPriceDTO["data"],
    context: CalculateShippingOptionPriceDTO["context"],
  ): Promise<CalculatedShippingOptionPrice> {
    const serviceCode = serviceCodeOf(optionData);
    const address = context.shipping_address;
    if (!address?.country_code) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Add a shipping address to the cart to get Canada Post rates",
      );
    }
    const { shipping } = await this.runtime();
    const lines = (context.items ?? []).map((i) => cartLineOf(i as unknown as MedusaLineLike, this.settings));
    if (lines.length === 0)
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "The cart has no item to ship");
    let quote;
    try {
      quote = await shipping.rates.quoteCart({
        lines,
        destination: {
          country: address.country_code,
          postalCode: address.postal_code ?? undefined,
        },
        orderSubtotal: cartSubtotalOf(context),
        currency: (context as { currency_code?: string }).currency_code,
        serviceCodes: [serviceCode],
      });
    } catch (e) {
      throw medusaErrorOf(e);
    }
    const rate = quote.quotes.find((q) => q.serviceCode === serviceCode);
    if (!rate) {
      // Not a failure of the cart: this service has no price for it (9111/9112, or Canada Post down with no
      // fallback). Without an amount Medusa drops the method on refresh instead of failing the cart.
      this.logger?.info(
        `Canada Post: no ${serviceCode} rate for cart ${String(context.id)}: ${quote.reason ?? "not offered"}`,
      );
      return { calculated_amount: undefined as unknown as number, is_calculated_price_tax_inclusive: true };
    }
    if (quote.source === "fallback") this.logger?.warn(`Canada Post rates fell back: ${quote.reason}`);
    // Canada Post's `due` includes its taxes (GST/HST): Medusa must not add tax on top of it.
    return { calculated_amount: rate.amount, is_calculated_price_tax_inclusive: true };
  }

  /**
   * Buys the fulfillment's labels through the core, which serialises purchases per order across instances
   * and refuses items another fulfillment's live label already holds (a double click, a second instance, a
   * retry): the merchant gets one label per parcel, never two.
   */
  override async createFulfillment(
    data: Record<string, unknown>,
    items: { line_item_id?: string | null; quantity?: unknown }[],
    orderIn: object | undefined,
    fulfillmentIn: object,
  ): Promise<CreateFulfillmentResult> {
    if (!orderIn) throw new MedusaError(MedusaError.Types.INVALID_DATA, "Canada Post labels need the order");
    // Medusa's DTOs are wide; only the fields read below matter.
    const order = orderIn as Record<string, unknown>;
    const fulfillment = fulfillmentIn as Record<string, unknown>;
    const { shipping } = await this.runtime();
    const orderItems = (order.items ?? []) as MedusaLineLike[];
    const currency = String(order.currency_code ?? "cad").toUpperCase();
    const picked = items.flatMap((fi) => {
      const line = orderItems.find((i) => i.id === fi.line_item_id);
      const quantity = toNumber(fi.quantity) ?? 0;
      return line && quantity > 0 ? [{ line, quantity }] : [];
    });
    if (picked.length === 0)
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Nothing to ship in this fulfillment");

    const lines = picked.map(({ line, quantity }) => cartLineOf(line, this.settings, quantity));
    const address = (fulfillment.delivery_address ?? order.shipping_address) as
      Parameters<typeof destinationOf>[0] | undefined;
    if (!address) throw new MedusaError(MedusaError.Types.INVALID_DATA, "The order has no shipping address");
    const customer = order.customer as { email?: string } | undefined;
    const serviceCode = serviceCodeOf(data);
    const orderId = String(order.id);
    const fulfillmentId = String(fulfillment.id);
    const unitWeight = (l: (typeof lines)[number]) =>
      l.weight ? toKilograms(l.weight, l.weightUnit ?? "kg") : this.settings.packing.defaultItem.weight;

    let records: ShipmentRecord[];
    try {
      records = await shipping.shipments.createShipments({
        orderId,
        fulfillmentId,
        serviceCode,
        destination: destinationOf(address, customer?.email ?? (order.email as string | undefined)),
        parcels: shipping.rates.pack(lines),
        lines: picked.map(({ line, quantity }, i) =>
          orderLineOf(line, unitWeight(lines[i]!), currency, quantity),
        ),
        ordered: Object.fromEntries(orderItems.map((i) => [i.id, toNumber(i.quantity) ?? 0])),
        orderValue: picked.reduce(
          (sum, { line, quantity }) => sum + (toNumber(line.unit_price) ?? 0) * quantity,
          0,
        ),
        currency,
        references: { customerRef1: String(order.display_id ?? orderId), customerRef2: fulfillmentId },
        location:
          typeof fulfillment.location_id === "string" ? fulfillment.location_id.slice(-20) : undefined,
      });
    } catch (e) {
      throw await this.purchaseFailed(e);
    }
    for (const r of records.filter((r) => r.unread))
      this.logger?.warn(
        `Canada Post shipment ${r.shipmentId} (PIN ${r.trackingPin ?? "?"}) is bought, but Canada Post did not give its ${Object.keys(r.unread!).join(" and ")} yet (${Object.values(r.unread!).join("; ")}): the label is read again when it is opened`,
      );
    const payload: CanadaPostFulfillmentData = {
      canada_post: {
        version: 1,
        order_id: orderId,
        fulfillment_id: fulfillmentId,
        service_code: serviceCode,
        shipments: records,
      },
    };
    return { data: { ...data, ...payload }, labels: records.map((r) => this.labelOf(r)) };
  }

  /**
   * Medusa cancels (or compensates a failed workflow): each label of the fulfillment that stands is voided
   * (or refunded once transmitted), once, and recorded, so nothing asks Canada Post again.
   */
  override async cancelFulfillment(data: Record<string, unknown>): Promise<Record<string, unknown>> {
    const fd = fulfillmentDataOf(data);
    if (!fd) return {};
    const { shipping } = await this.runtime();
    // The records hold the truth (a label may have been voided from the order page since); fulfillment.data
    // only what was bought.
    const recorded = (
      await shipping.shipments.records.ofOrder(fd.shipments[0]?.orderId ?? fd.order_id)
    ).filter((r) => r.fulfillmentId === fd.fulfillment_id);
    const { outcomes, failed } = await shipping.shipments.cancel(recorded.length ? recorded : fd.shipments, {
      email: this.refundEmail(),
    });
    if (failed.length) {
      const [{ record, error }] = failed as [(typeof failed)[number]];
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `Canada Post could not void or refund shipment ${record.shipmentId} (PIN ${record.trackingPin ?? "?"}): ${error.message}`,
      );
    }
    return { canada_post: { ...fd, shipments: outcomes } };
  }

  /**
   * A prepaid label back to the stock location. Medusa gives no customer address here, so the label carries
   * the merchant as sender: the customer drops the parcel off with the label on it.
   */
  override async createReturnFulfillment(
    fulfillment: Record<string, unknown>,
  ): Promise<CreateFulfillmentResult> {
    const { shipping } = await this.runtime();
    const address = fulfillment.delivery_address as Parameters<typeof destinationOf>[0] | undefined;
    const option =
      (fulfillment.shipping_option as { data?: Record<string, unknown> } | undefined)?.data ?? {};
    let records: ShipmentRecord[];
    try {
      records = await shipping.returns.createLabel({
        fulfillmentId: String(fulfillment.id),
        serviceCode: typeof option.service_code === "string" ? option.service_code : undefined,
        to: address?.postal_code ? destinationOf(address) : undefined,
      });
    } catch (e) {
      throw await this.purchaseFailed(e);
    }
    return {
      data: {
        canada_post: {
          version: 1,
          order_id: "",
          fulfillment_id: String(fulfillment.id),
          service_code: records[0]?.serviceCode ?? "DOM.EP",
          shipments: records,
          is_return: true,
        },
      },
      labels: records.map((r) => this.labelOf(r)),
    };
  }

  private labelOf(r: ShipmentRecord) {
    return {
      tracking_number: r.trackingPin ?? r.shipmentId,
      tracking_url: r.trackingPin ? trackingUrl(r.trackingPin, this.settings.language) : "#",
      label_url: `${this.options.backendUrl}/admin/canada-post/shipments/${encodeURIComponent(r.shipmentId)}/label`,
    };
  }

  private refundEmail(): string {
    const email = this.options.notificationEmail;
    if (!email) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Refunding a transmitted Canada Post label needs an email: set the plugin option notificationEmail",
      );
    }
    return email;
  }

  /**
   * A purchase that failed part way: the labels already bought are voided or refunded (Medusa deletes the
   * fulfillment, so they would be orphans), and the merchant gets Canada Post's own message.
   */
  private async purchaseFailed(e: unknown): Promise<Error> {
    if (e instanceof AlreadyLabelledError) return new MedusaError(MedusaError.Types.NOT_ALLOWED, e.message);
    if (!(e instanceof ShipmentPurchaseError)) return medusaErrorOf(e) as Error;
    const { shipping } = await this.runtime();
    const { outcomes, failed } = await shipping.shipments.cancel(e.bought, {
      email: this.options.notificationEmail ?? "",
    });
    for (const { record, error } of failed)
      this.logger?.error(
        `Canada Post shipment ${record.shipmentId} (PIN ${record.trackingPin ?? "?"}) was bought but could not be voided: ${error.message}`,
      );
    const undone = outcomes.map((r) =>
      failed.some((f) => f.record === r)
        ? `${r.shipmentId} NOT voided: void it by hand`
        : `${r.shipmentId} ${r.status}`,
    );
    const reasons = e.failed.map((f) => (f.code ? `${f.code}: ${f.description}` : f.description)).join("; ");
    return new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `Canada Post refused the label: ${reasons}${undone.length ? ` (labels already bought were undone: ${undone.join(", ")})` : ""}`,
    );
  }
}

/** A registration of the fulfillment module's container, or undefined when Medusa was not given it. */
function optional<T>(cradle: Cradle, name: string): T | undefined {
  try {
    return (cradle[name] as T | undefined) ?? undefined;
  } catch {
    return undefined;
  }
}

function serviceCodeOf(data: Record<string, unknown> | undefined): string {
  const code = data?.service_code;
  if (typeof code !== "string" || !code) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "This shipping option has no Canada Post service: recreate it from one of the provider's fulfillment options",
    );
  }
  return code;
}

export default CanadaPostFulfillmentService;
