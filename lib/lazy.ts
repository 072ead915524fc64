/**
 * A value made on its first use and shared after: a module or client that some requests never need is loaded by the
 * first one that does, not when the function starts. A failed attempt is forgotten, so the next use tries again.
 */
export const lazy = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
};
