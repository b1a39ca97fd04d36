import { Module } from "@medusajs/framework/utils";
import { CANADA_POST_MODULE } from "../../medusa/module-service";
import CanadaPostModuleService from "./service";

export { CANADA_POST_MODULE };

export default Module(CANADA_POST_MODULE, { service: CanadaPostModuleService });
