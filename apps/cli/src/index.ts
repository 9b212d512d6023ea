export { type Command, type CommandIo, commands } from "./commands";
export { main } from "./main";
