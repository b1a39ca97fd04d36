import { boolean, listOf, object, readAnswerWith, text, type Infer } from "../answer-schema";
import { call, type CallOptions, type ClientContext, type OperationRequest } from "../context";
import { MediaType } from "../media-types";

/* Get Option (rating v4): what an option is, what it requires and what it conflicts with. */

const OP = "GetOption";

export function buildGetOptionRequest(optionCode: string): OperationRequest {
  return {
    operation: OP,
    method: "GET",
    url: `/rs/ship/option/${encodeURIComponent(optionCode)}`,
    accept: MediaType.rate,
    idempotent: true,
  };
}

const optionCodes = listOf("option-code", text);

const optionInfoReader = object({
  optionCode: text,
  optionName: text,
  optionClass: text.optional(),
  printsOnLabel: boolean.optional(),
  qualifierRequired: boolean.optional(),
  conflictingOptions: optionCodes,
  prerequisiteOptions: optionCodes,
});
export type OptionInfo = Infer<typeof optionInfoReader>;

export function parseGetOptionResponse(xml: string, status = 200): OptionInfo {
  return readAnswerWith(optionInfoReader, xml, status, OP, "option");
}

/** Get Option: what an option is, what it requires and what it conflicts with. */
export async function getOption(
  ctx: ClientContext,
  optionCode: string,
  opts?: CallOptions,
): Promise<OptionInfo> {
  return call(ctx, buildGetOptionRequest(optionCode), parseGetOptionResponse, opts);
}
