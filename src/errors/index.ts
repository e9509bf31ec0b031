/** `errors/`: {@link ExecError} and its subclasses, with stable codes. */
export * from './exec-error.ts';
