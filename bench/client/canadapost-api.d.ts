/** The little of canadapost-api 2.0.0 (untyped CommonJS) that the client benchmark uses. */
declare module "canadapost-api" {
  class CanadaPostClient {
    constructor(
      userId: string,
      password: string,
      customer?: string,
      lang?: string,
      useTestEndpoint?: boolean,
    );
    /** The host it sends to: ct.soa-gw.canadapost.ca (test) or soa-gw.canadapost.ca. */
    endpoint: string;
    getRates(scenario: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  }
  export = CanadaPostClient;
}
