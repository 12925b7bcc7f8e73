// Program side: what a link's name may be — it is the resource's name, unique in the stack. Apart
// from the file schema (link-file-schema.ts), whose JSON Schema rules only editors need, so that
// reading link files does not build them.
/** What a link's name may be: it is the resource's name, unique in the stack. */
export const LINK_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const LINK_NAME_RULE = "expected lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters";
