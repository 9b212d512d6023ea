export { commerceContract } from "./commerce.contract";
export { CONTRACT_NOW, CONTRACT_SHOP, CONTRACT_TOKEN, contractStore } from "./fixture";
