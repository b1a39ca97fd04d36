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
