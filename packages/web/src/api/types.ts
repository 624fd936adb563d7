/**
 * The JSON shapes of the HTTP API as the UI reads them: types only, derived from the contract's
 * schemas (`@trophyroom/contract`), so the typecheck fails when the UI reads a field the server
 * does not send, and the bundle carries no zod.
 * @module
 */
import type {
  connection,
  counts,
  EndpointName,
  endpoints,
  game,
  gameResponse,
  gamesQuery,
  gamesResponse,
  group,
  meResponse,
  pickerEntry,
  pickerResponse,
  run,
  runKind,
  runState,
  statsResponse,
  titleFields,
  trophy,
  user,
  webhook,
  webhookDelivery,
  webhookEvent,
  webhookFormat,
  sharing,
} from '@trophyroom/contract';
import type { z } from 'zod';

export type User = z.output<typeof user>;
export type Me = z.output<typeof meResponse>;
export type TrophyCounts = z.output<typeof counts>;
export type Connection = z.output<typeof connection>;
export type Countdown = Connection['countdown'];
export type CountdownState = Countdown['state'];
export type RunKind = z.output<typeof runKind>;
export type RunState = z.output<typeof runState>;
export type Run = z.output<typeof run>;
/** What the picker and the library both say of a title. */
export type TitleFields = z.output<typeof titleFields>;
export type PickerEntry = z.output<typeof pickerEntry>;
export type PickerPage = z.output<typeof pickerResponse>;
export type Game = z.output<typeof game>;
export type GamesPage = z.output<typeof gamesResponse>;
export type Trophy = z.output<typeof trophy>;
export type TrophyType = Trophy['type'];
export type RarityTier = NonNullable<Trophy['tier']>;
export type TrophyGroup = z.output<typeof group>;
export type GameDetail = z.output<typeof gameResponse>;
export type Stats = z.output<typeof statsResponse>;
export type TokenHealth = Connection['health'];
export type Webhook = z.output<typeof webhook>;
export type WebhookDelivery = z.output<typeof webhookDelivery>;
export type WebhookEvent = z.output<typeof webhookEvent>;
export type WebhookFormat = z.output<typeof webhookFormat>;
export type Sharing = z.output<typeof sharing>;

type Routes = typeof endpoints;
type Declared<N extends EndpointName> = Routes[N]['responses'];

/** The JSON a route answers with on success (undefined for an empty 204). */
// A 304 never reaches the page: the browser answers it from its cache as the 200 it revalidated.
export type ResponseOf<N extends EndpointName> = {
  [S in Exclude<keyof Declared<N>, 304>]: Declared<N>[S] extends { schema: infer T extends z.ZodType } ? z.output<T> : undefined;
}[Exclude<keyof Declared<N>, 304>];

/** The JSON body a route takes (never for a route without one). */
export type BodyOf<N extends EndpointName> = Routes[N] extends { body: infer T extends z.ZodType } ? z.input<T> : never;

/** A route's method as `fetch` spells it. */
export type MethodOf<N extends EndpointName> = Uppercase<Routes[N]['method']>;

type GamesParams = z.input<typeof gamesQuery>;

/** The library's query as the UI builds it: unset or empty values are left out of the URL. */
export interface GamesQuery {
  cursor?: string | null;
  limit?: number;
  platform?: string;
  status?: '' | NonNullable<GamesParams['status']>;
  sort?: NonNullable<GamesParams['sort']>;
  order?: NonNullable<GamesParams['order']>;
  q?: string;
}
