/** `lakebox plan` / `lakebox apply`: not built yet (see the reconciler issue). */
export {};
