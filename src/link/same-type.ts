// Types only: compile-time checks that two types are the same.

/**
 * `true` when A and B are the same type (optional and readonly modifiers included), else `false`;
 * `true satisfies SameType<A, B>` stops the build when they drift apart.
 */
export type SameType<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
