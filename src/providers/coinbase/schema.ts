/**
 * Coinbase's field on `ConnectedAccount`: `coinbaseAccounts`, the user's accounts (crypto wallets, fiat
 * accounts, vaults) and their balances, newest first (`GET /v2/accounts`; docs/providers.md#coinbase,
 * "Data endpoints").
 */
import { z } from 'zod';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned } from '../../schema/shared-interfaces.js';

type CoinbaseAccountType = 'wallet' | 'fiat' | 'vault' | 'other';

interface CoinbaseMoney {
  /** A decimal string, kept as Coinbase wrote it: no float rounding of a balance. */
  readonly amount: string;
  readonly currency: string;
}

interface CoinbaseAccount {
  readonly id: string;
  readonly name: string | null;
  readonly currency: string;
  readonly currencyName: string | null;
  readonly balance: CoinbaseMoney;
  readonly type: CoinbaseAccountType;
  readonly isPrimary: boolean;
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
}

const KNOWN_TYPES: readonly string[] = ['wallet', 'fiat', 'vault'];

const accountSchema = z
  .object({
    id: z.string(),
    name: z.string().nullish(),
    primary: z.boolean().nullish(),
    type: z.string(),
    // A hash today (`{code, name, …}`); the older documentation shows the code alone.
    currency: z.union([z.string(), z.object({ code: z.string(), name: z.string().nullish() })]),
    balance: z.object({ amount: z.string(), currency: z.string() }),
    // Times with an offset only: one without a zone would be read as the gateway's local time.
    created_at: z.iso.datetime({ offset: true }).nullish(),
    updated_at: z.iso.datetime({ offset: true }).nullish(),
  })
  .transform(
    (account): CoinbaseAccount => ({
      id: account.id,
      name: account.name || null,
      currency: typeof account.currency === 'string' ? account.currency : account.currency.code,
      currencyName: typeof account.currency === 'string' ? null : account.currency.name || null,
      balance: { amount: account.balance.amount, currency: account.balance.currency },
      // Coinbase warns that new types may come.
      type: KNOWN_TYPES.includes(account.type) ? (account.type as CoinbaseAccountType) : 'other',
      isPrimary: account.primary ?? false,
      createdAt: account.created_at ? new Date(account.created_at).toISOString() : null,
      updatedAt: account.updated_at ? new Date(account.updated_at).toISOString() : null,
    }),
  );

export function coinbaseSchema({
  builder,
  ConnectedAccount,
  connectionArgs,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const CoinbaseMoneyRef = builder.objectRef<CoinbaseMoney>('CoinbaseMoney').implement({
    description: 'An amount of a currency, as Coinbase gives it.',
    fields: (t) => ({
      amount: t.exposeString('amount', {
        description:
          'The amount as a decimal string (`"0.04213300"`), exactly as Coinbase gives it: parse it with a decimal type, not a float.',
      }),
      currency: t.exposeString('currency', { description: 'The currency code (`BTC`, `USD`).' }),
    }),
  });

  const CoinbaseAccountTypeEnum = builder.enumType('CoinbaseAccountType', {
    description: 'What kind of Coinbase account it is.',
    values: {
      WALLET: { value: 'wallet', description: 'A crypto wallet.' },
      FIAT: { value: 'fiat', description: 'A fiat currency account (USD, EUR…).' },
      VAULT: { value: 'vault', description: 'A vault: crypto with time-delayed withdrawals.' },
      OTHER: { value: 'other', description: 'A kind Coinbase added since.' },
    } as const,
  });

  const CoinbaseAccountRef = builder.objectRef<Owned<CoinbaseAccount>>('CoinbaseAccount').implement({
    description: "One of the Coinbase user's accounts: a wallet, fiat account or vault (`GET /v2/accounts`).",
    fields: (t) => ({
      id: t.exposeID('id', { description: "Coinbase's id of the account (a UUID)." }),
      name: t.exposeString('name', {
        nullable: true,
        description: 'Its name, set by the user or by Coinbase (`BTC Wallet`).',
      }),
      currency: t.exposeString('currency', { description: 'The code of its currency (`BTC`).' }),
      currencyName: t.exposeString('currencyName', {
        nullable: true,
        description: 'The name of its currency (`Bitcoin`).',
      }),
      balance: t.field({
        type: CoinbaseMoneyRef,
        description: 'What it holds, in its currency.',
        resolve: (account) => account.balance,
      }),
      type: t.field({
        type: CoinbaseAccountTypeEnum,
        description: 'Wallet, fiat account or vault.',
        resolve: (account) => account.type,
      }),
      isPrimary: t.exposeBoolean('isPrimary', {
        description: "Whether it is the user's primary account (a wallet).",
      }),
      createdAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When it was opened.',
        resolve: (account) => account.createdAt,
      }),
      updatedAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When it last changed.',
        resolve: (account) => account.updatedAt,
      }),
    }),
  });

  const CoinbaseAccountConnection = builder.connectionObject(
    {
      type: CoinbaseAccountRef,
      name: 'CoinbaseAccountConnection',
      description: 'A page of Coinbase accounts.',
    },
    { name: 'CoinbaseAccountEdge', description: 'A Coinbase account and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'coinbaseAccounts', (t) =>
    t.field({
      ...listField(),
      type: CoinbaseAccountConnection,
      description:
        "The Coinbase user's accounts (a wallet per asset, fiat accounts, vaults) with their balances, newest first. `null` on accounts of other providers. Needs `wallet:accounts:read`.",
      args: connectionArgs('accounts'),
      resolve: (account, args, context) =>
        resolveList(context, account, args, {
          field: 'coinbaseAccounts',
          request: { path: '/v2/accounts', itemsAt: 'data', item: accountSchema },
        }),
    }),
  );
}
