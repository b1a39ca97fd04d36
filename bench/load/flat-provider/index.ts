import { AbstractFulfillmentProviderService, ModuleProvider, Modules } from "@medusajs/framework/utils";
import type {
  CalculatedShippingOptionPrice,
  CreateFulfillmentResult,
  FulfillmentOption,
} from "@medusajs/framework/types";

/**
 * The smallest calculated fulfillment provider: a flat 10.00 for any cart, no work, no I/O. `npm run load`
 * prices the same cart through it and through Canada Post on the same Medusa, so the difference is the
 * plugin's share of the time. Registered by medusa-config.ts only with CANADA_POST_BENCH=1; it lives in
 * bench/ and is not part of the package.
 */
class BenchFlatProviderService extends AbstractFulfillmentProviderService {
  static override identifier = "bench-flat";

  override async getFulfillmentOptions(): Promise<FulfillmentOption[]> {
    return [{ id: "bench-flat" }];
  }

  override async validateFulfillmentData(_option: Record<string, unknown>, data: Record<string, unknown>) {
    return data;
  }

  override async validateOption(): Promise<boolean> {
    return true;
  }

  override async canCalculate(): Promise<boolean> {
    return true;
  }

  override async calculatePrice(): Promise<CalculatedShippingOptionPrice> {
    return { calculated_amount: 10, is_calculated_price_tax_inclusive: false };
  }

  override async createFulfillment(): Promise<CreateFulfillmentResult> {
    return { data: {}, labels: [] };
  }

  override async cancelFulfillment(): Promise<Record<string, unknown>> {
    return {};
  }

  override async createReturnFulfillment(): Promise<CreateFulfillmentResult> {
    return { data: {}, labels: [] };
  }
}

export default ModuleProvider(Modules.FULFILLMENT, { services: [BenchFlatProviderService] });
