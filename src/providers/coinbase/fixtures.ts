/**
 * Deterministic Coinbase accounts in the shape of `GET /v2/accounts` (the Account resource of the
 * Coinbase App API v2, docs/providers.md#coinbase, "Data endpoints"): one wallet per currency the user
 * holds or has looked at, a few fiat accounts, newest first as Coinbase lists them by default. The same
 * seed and anchor always give the same accounts.
 */
import { createHash } from 'node:crypto';

export interface CoinbaseCurrencyJson {
  code: string;
  name: string;
  color: string;
  sort_index: number;
  exponent: number;
  type: 'crypto' | 'fiat';
  asset_id?: string;
  slug?: string;
}

export interface CoinbaseAccountJson {
  /** A UUID. */
  id: string;
  name: string;
  /** At most one account is primary, and it is a wallet. */
  primary: boolean;
  type: 'wallet' | 'fiat' | 'vault';
  currency: CoinbaseCurrencyJson;
  /** A decimal string: `"0.00000000"`, `"39.59000000"`. */
  balance: { amount: string; currency: string };
  /** `2024-01-31T20:49:02Z`. */
  created_at: string;
  updated_at: string;
  resource: 'account';
  resource_path: string;
  allow_deposits: boolean;
  allow_withdrawals: boolean;
}

export interface GenerateAccountsOptions {
  count: number;
  seed: string;
  /** The newest account was opened a little before this (epoch ms). */
  anchorMs: number;
}

/** [code, name, colour] of currencies Coinbase lists, most used first. */
const CRYPTO: readonly (readonly [string, string, string])[] = [
  ['BTC', 'Bitcoin', '#F7931A'],
  ['ETH', 'Ethereum', '#627EEA'],
  ['USDC', 'USDC', '#2775CA'],
  ['SOL', 'Solana', '#9945FF'],
  ['LINK', 'Chainlink', '#2A5ADA'],
  ['ADA', 'Cardano', '#0033AD'],
  ['DOGE', 'Dogecoin', '#BA9F33'],
  ['XRP', 'XRP', '#23292F'],
  ['AVAX', 'Avalanche', '#E84142'],
  ['DOT', 'Polkadot', '#E6007A'],
  ['LTC', 'Litecoin', '#345D9D'],
  ['BCH', 'Bitcoin Cash', '#8DC351'],
  ['XLM', 'Stellar Lumens', '#000000'],
  ['ATOM', 'Cosmos', '#2E3148'],
  ['UNI', 'Uniswap', '#FF007A'],
  ['ETC', 'Ethereum Classic', '#328332'],
  ['FIL', 'Filecoin', '#0090FF'],
  ['ALGO', 'Algorand', '#000000'],
  ['AAVE', 'Aave', '#B6509E'],
  ['MKR', 'Maker', '#1AAB9B'],
  ['COMP', 'Compound', '#00D395'],
  ['SNX', 'Synthetix', '#00D1FF'],
  ['YFI', 'yearn.finance', '#006AE3'],
  ['SUSHI', 'SushiSwap', '#FA52A0'],
  ['CRV', 'Curve DAO Token', '#40649F'],
  ['BAT', 'Basic Attention Token', '#FF5000'],
  ['ZRX', '0x', '#302C2C'],
  ['GRT', 'The Graph', '#6747ED'],
  ['MANA', 'Decentraland', '#FF2D55'],
  ['SAND', 'The Sandbox', '#00ADEF'],
  ['AXS', 'Axie Infinity', '#0055D5'],
  ['APE', 'ApeCoin', '#0054FA'],
  ['SHIB', 'Shiba Inu', '#FFA409'],
  ['ENS', 'Ethereum Name Service', '#5298FF'],
  ['LRC', 'Loopring', '#1C60FF'],
  ['CHZ', 'Chiliz', '#CD0124'],
  ['1INCH', '1inch', '#1B314F'],
  ['BAL', 'Balancer', '#1E1E1E'],
  ['BAND', 'Band Protocol', '#516AFF'],
  ['NMR', 'Numeraire', '#000000'],
  ['OXT', 'Orchid', '#5F45BA'],
  ['KNC', 'Kyber Network', '#31CB9E'],
  ['STORJ', 'Storj', '#2683FF'],
  ['SKL', 'SKALE', '#000000'],
  ['ANKR', 'Ankr', '#2E6BF6'],
  ['OGN', 'Origin Token', '#1A82FF'],
  ['CVC', 'Civic', '#3AB03E'],
  ['ICP', 'Internet Computer', '#292A2E'],
  ['NEAR', 'NEAR Protocol', '#000000'],
  ['ARB', 'Arbitrum', '#28A0F0'],
  ['OP', 'Optimism', '#FF0420'],
  ['POL', 'POL (ex-MATIC)', '#8247E5'],
  ['HBAR', 'Hedera', '#000000'],
  ['QNT', 'Quant', '#000000'],
  ['IMX', 'Immutable', '#000000'],
  ['RNDR', 'Render', '#000000'],
  ['INJ', 'Injective', '#00F2FE'],
  ['SUI', 'Sui', '#4DA2FF'],
  ['APT', 'Aptos', '#000000'],
  ['TIA', 'Celestia', '#7B2BF9'],
];

const FIAT: readonly (readonly [string, string, string])[] = [
  ['USD', 'US Dollar', '#0066CF'],
  ['EUR', 'Euro', '#0066CF'],
  ['GBP', 'British Pound', '#0066CF'],
];

/** Balances of the accounts that hold something; every other one is empty. */
const HOLDINGS: Readonly<Record<string, string>> = {
  BTC: '0.04213300',
  ETH: '1.25070000',
  USDC: '412.50000000',
  SOL: '18.30000000',
  LINK: '40.00000000',
  ADA: '1250.00000000',
  DOGE: '3141.59265358',
  USD: '1815.42',
  EUR: '250.00',
};

/**
 * `count` accounts: a wallet per currency (Bitcoin's the primary one), the fiat accounts, then vaults
 * of the most used currencies once every currency has its wallet. Most are empty, as on a real
 * Coinbase account where a wallet exists for every asset the user ever opened.
 */
export function generateAccounts(options: GenerateAccountsOptions): CoinbaseAccountJson[] {
  const currencies = [
    ...CRYPTO.slice(0, 3).map((facts) => currencyJson(facts, 'crypto')),
    ...FIAT.map((facts) => currencyJson(facts, 'fiat')),
    ...CRYPTO.slice(3).map((facts) => currencyJson(facts, 'crypto')),
  ];
  const oldestFirst = Array.from({ length: options.count }, (_, index) => {
    const currency =
      currencies[index % currencies.length] ?? currencyJson(['BTC', 'Bitcoin', '#F7931A'], 'crypto');
    const round = Math.floor(index / currencies.length);
    const vault = round > 0 && currency.type === 'crypto';
    const type = currency.type === 'fiat' ? 'fiat' : vault ? 'vault' : 'wallet';
    const name =
      type === 'fiat'
        ? `${currency.code} Wallet`
        : vault
          ? `${currency.code} Vault${round > 1 ? ` ${round}` : ''}`
          : `${currency.code} Wallet`;
    return { index, currency, type, name } as const;
  });
  // Opened over the past years, a few days apart: the list is newest first, as `order=desc`.
  let at = options.anchorMs - (hashOf(`${options.seed}:first`) % 86_400_000);
  const opened = [...oldestFirst].reverse().map((facts) => {
    const createdAt = at;
    at -= 86_400_000 + (hashOf(`${options.seed}:gap:${facts.index}`) % (9 * 86_400_000));
    return { ...facts, createdAt };
  });
  return opened.map(({ index, currency, type, name, createdAt }) => {
    const id = uuidOf(`${options.seed}:account:${index}`);
    // Only the first account of a currency holds anything; vaults are empty.
    const held = index < currencies.length ? HOLDINGS[currency.code] : undefined;
    const amount = held ?? (0).toFixed(currency.type === 'fiat' ? 2 : 8);
    const updatedAt = held === undefined ? createdAt : createdAt + (hashOf(`${id}:updated`) % 86_400_000);
    return {
      id,
      name,
      primary: index === 0,
      type,
      currency,
      balance: { amount, currency: currency.code },
      created_at: timestamp(createdAt),
      updated_at: timestamp(Math.min(updatedAt, options.anchorMs)),
      resource: 'account',
      resource_path: `/v2/accounts/${id}`,
      allow_deposits: true,
      allow_withdrawals: true,
    };
  });
}

function currencyJson(
  [code, name, color]: readonly [string, string, string],
  type: 'crypto' | 'fiat',
): CoinbaseCurrencyJson {
  if (type === 'fiat') return { code, name, color, sort_index: 0, exponent: 2, type };
  return {
    code,
    name,
    color,
    sort_index: 100 + (hashOf(`sort:${code}`) % 200),
    exponent: 8,
    type,
    asset_id: uuidOf(`asset:${code}`),
    slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
  };
}

/** Coinbase's times: seconds, `Z`. */
function timestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A name-based (version 5) UUID, as Coinbase's account ids are. */
function uuidOf(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
