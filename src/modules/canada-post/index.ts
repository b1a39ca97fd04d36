import { Module } from "@medusajs/framework/utils";
import CanadaPostModuleService from "./service";

export const CANADA_POST_MODULE = "canadaPost";

export default Module(CANADA_POST_MODULE, { service: CanadaPostModuleService });
