/** The merchant the suites ship from: Maple Goods in Ottawa, as the demo store seeds it. */
export const MAPLE_GOODS_ORIGIN = {
  postalCode: "K2B 8J6",
  sender: {
    company: "Maple Goods",
    contactPhone: "613-555-0100",
    addressLine1: "502 Main St N",
    city: "Ottawa",
    province: "ON",
  },
};

/** The customer the suites ship to: a Montréal address Canada Post accepts. */
export const JEANNE_IN_MONTREAL = {
  name: "Jeanne Tremblay",
  addressLine1: "23 rue Jardin",
  city: "Montréal",
  province: "QC",
  country: "CA",
  postalCode: "H2B 1A0",
};

/** The simulator's own account (its defaults), as a client connects to it; `config` overrides. */
export const SIMULATOR_ACCOUNT = {
  username: "sim-user",
  password: "sim-password",
  customerNumber: "1234567",
  contractId: "42708517",
} as const;

/** The simulator's e-commerce platform: its own API key (its defaults) and its platform id. */
export const SIMULATOR_PLATFORM = {
  key: { username: "sim-platform", password: "sim-platform-password" },
  platformId: "8888888",
} as const;
