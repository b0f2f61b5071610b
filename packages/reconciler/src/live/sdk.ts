/**
 * The SDK modules only some commands need, loaded on first use: importing an SDK client package costs a few
 * hundred milliseconds of CLI start-up, and a catalog-only plan needs none but Glue's.
 */
export const athenaSdk = () => import('@aws-sdk/client-athena');
export const s3Sdk = () => import('@aws-sdk/client-s3');
export const stsSdk = () => import('@aws-sdk/client-sts');

/** What the reconciler calls on a client. */
interface Sendable {
  // biome-ignore lint/suspicious/noExplicitAny: stands for every SDK client's overloaded send
  send(command: any): Promise<any>;
  destroy(): void;
}

/**
 * A client whose module is loaded and which is constructed on its first `send`.
 *
 * @example
 * const athena = lazyClient(async () => new (await athenaSdk()).AthenaClient({ region }));
 */
export function lazyClient<C extends Sendable>(make: () => Promise<C>): C {
  let client: Promise<C> | undefined;
  let made: C | undefined;
  const lazy: Sendable = {
    async send(command) {
      client ??= make().then((c) => {
        made = c;
        return c;
      });
      return (await client).send(command);
    },
    destroy: () => made?.destroy(),
  };
  return lazy as C;
}
