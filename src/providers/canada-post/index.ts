import { ModuleProvider, Modules } from "@medusajs/framework/utils";
import { CanadaPostFulfillmentService } from "./service";

export default ModuleProvider(Modules.FULFILLMENT, { services: [CanadaPostFulfillmentService] });
