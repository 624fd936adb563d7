/**
 * The API's route table: every route once, by name, with its schemas. The server mounts a
 * handler on each (`routes.add(endpoints.signup, …)`); the web's types and its test fake follow
 * the same declarations.
 * @module
 */
import { createdToken, credentials, loginBody, meResponse, settingsBody, settingsResponse, tokenBody, tokenList, userResponse } from './auth.schema.ts';
import { connectBody, connectedResponse, connectionPatch, connectionResponse, disconnectQuery, disconnectResponse } from './connection.schema.ts';
import { z } from 'zod';
import type { Endpoint } from './endpoint.ts';
import { gameQuery, gameResponse, gamesQuery, gamesResponse, statsResponse } from './games.schema.ts';
import {
  importBody,
  jobResponse,
  pickerIdsQuery,
  pickerIdsResponse,
  pickerQuery,
  pickerResponse,
  run,
  runResponse,
  prioritiseBody,
  runsQuery,
  runsResponse,
} from './psn.schema.ts';
import { libraryArchive, libraryImportResponse } from './archive.schema.ts';
import { joinStackBody, joinStackResponse, splitStackBody, stackOfResponse, stacksQuery, stacksResponse } from './stacks.schema.ts';
import { platinumsQuery, platinumsResponse, profileResponse } from './profile.schema.ts';
import { publicProfileResponse, sharingResponse } from './sharing.schema.ts';
import { unobtainableBody, unobtainableImport, unobtainableImported, unobtainableList, unobtainableTrophy } from './unobtainable.schema.ts';
import { createdWebhook, webhookBody, webhookDeliveries, webhookList, webhookPatch, webhookResponse, webhookTestResponse } from './webhooks.schema.ts';

export const endpoints = {
  // Accounts, sessions and personal API tokens.
  signup: {
    method: 'post',
    path: '/api/auth/signup',
    tag: 'accounts',
    summary: 'Create an account (the first one is the admin) and sign in',
    access: 'public',
    body: credentials,
    responses: { 201: { description: 'Signed up', schema: userResponse } },
  },
  login: {
    method: 'post',
    path: '/api/auth/login',
    tag: 'accounts',
    summary: 'Sign in (failed attempts are rate limited)',
    access: 'public',
    body: loginBody,
    responses: { 200: { description: 'Signed in', schema: userResponse } },
  },
  logout: {
    method: 'post',
    path: '/api/auth/logout',
    tag: 'accounts',
    summary: 'Sign out',
    access: 'public',
    responses: { 204: { description: 'Signed out' } },
  },
  me: {
    method: 'get',
    path: '/api/me',
    tag: 'accounts',
    summary: 'The signed-in user',
    access: 'user',
    responses: { 200: { description: 'You', schema: meResponse } },
  },
  updateSettings: {
    method: 'patch',
    path: '/api/admin/settings',
    tag: 'accounts',
    summary: 'Open or close sign-up (admin)',
    access: 'admin',
    body: settingsBody,
    responses: { 200: { description: 'The settings now', schema: settingsResponse } },
  },
  listTokens: {
    method: 'get',
    path: '/api/tokens',
    tag: 'tokens',
    summary: 'Your personal API tokens',
    access: 'user',
    responses: { 200: { description: 'Tokens', schema: tokenList } },
  },
  createToken: {
    method: 'post',
    path: '/api/tokens',
    tag: 'tokens',
    summary: 'Create a personal API token for scripts (shown once)',
    access: 'user',
    body: tokenBody,
    responses: { 201: { description: 'The token', schema: createdToken } },
  },
  revokeToken: {
    method: 'delete',
    path: '/api/tokens/{id}',
    tag: 'tokens',
    summary: 'Revoke a personal API token',
    access: 'user',
    responses: { 204: { description: 'Revoked' } },
  },

  // The PSN connection.
  connect: {
    method: 'post',
    path: '/api/connections/psn',
    tag: 'connection',
    summary: 'Connect a PlayStation account with an NPSSO (used once, never stored); the title list starts loading',
    access: 'user',
    body: connectBody,
    responses: { 201: { description: 'Connected', schema: connectedResponse } },
  },
  connection: {
    method: 'get',
    path: '/api/connections/psn',
    tag: 'connection',
    summary: 'The connection: online id, token countdown, short-token reason, last sync',
    access: 'user',
    responses: { 200: { description: 'The connection, or null', schema: connectionResponse } },
  },
  updateConnection: {
    method: 'patch',
    path: '/api/connections/psn',
    tag: 'connection',
    summary: 'Turn auto-import of new titles on or off',
    access: 'user',
    body: connectionPatch,
    responses: { 200: { description: 'The connection', schema: connectedResponse } },
  },
  disconnect: {
    method: 'delete',
    path: '/api/connections/psn',
    tag: 'connection',
    summary: 'Disconnect: the tokens are deleted; with wipe=true the imported data too',
    access: 'user',
    query: disconnectQuery,
    responses: { 200: { description: 'What was done', schema: disconnectResponse } },
  },

  // The picker, import, sync and their runs.
  pickerTitles: {
    method: 'get',
    path: '/api/psn/titles',
    tag: 'picker',
    summary: 'The picker: every title in the PSN library, last played first, recent ones pre-selected',
    access: 'user',
    query: pickerQuery,
    responses: {
      200: { description: 'A page of titles (with an ETag of the library version, the list’s state and the hour)', schema: pickerResponse },
      304: { description: 'Not modified: nothing the page shows changed since the If-None-Match tag (no body)' },
    },
  },
  pickerIds: {
    method: 'get',
    path: '/api/psn/titles/ids',
    tag: 'picker',
    summary: 'Every title id in the picker matching the search and platform (or every pre-selected one), for "select all"',
    access: 'user',
    query: pickerIdsQuery,
    responses: { 200: { description: 'Ids', schema: pickerIdsResponse } },
  },
  importTitles: {
    method: 'post',
    path: '/api/psn/import',
    tag: 'picker',
    summary: 'Import the picked titles in the background (progress: /api/sync/events)',
    access: 'user',
    body: importBody,
    responses: { 202: { description: 'Queued', schema: jobResponse } },
  },
  syncNow: {
    method: 'post',
    path: '/api/psn/sync',
    tag: 'picker',
    summary: 'Sync now (one sync per connection: asking again while one is queued returns it)',
    access: 'user',
    responses: { 202: { description: 'Queued', schema: jobResponse } },
  },
  runs: {
    method: 'get',
    path: '/api/sync/runs',
    tag: 'runs',
    summary: 'Your sync runs, newest first',
    access: 'user',
    query: runsQuery,
    responses: { 200: { description: 'Runs', schema: runsResponse } },
  },
  run: {
    method: 'get',
    path: '/api/sync/runs/{id}',
    tag: 'runs',
    summary: 'One run: progress, errors, new titles',
    access: 'user',
    responses: { 200: { description: 'The run', schema: runResponse } },
  },
  pauseRun: {
    method: 'post',
    path: '/api/sync/runs/{id}/pause',
    tag: 'runs',
    summary: 'Pause an import: it stops after the title it is on and waits until resumed (nothing fetched is lost)',
    access: 'user',
    responses: { 200: { description: 'The run, paused', schema: runResponse } },
  },
  resumeRun: {
    method: 'post',
    path: '/api/sync/runs/{id}/resume',
    tag: 'runs',
    summary: 'Resume a paused import where it stopped',
    access: 'user',
    responses: { 200: { description: 'The run, going on', schema: runResponse } },
  },
  prioritiseRun: {
    method: 'post',
    path: '/api/sync/runs/{id}/priority',
    tag: 'runs',
    summary: 'This game first: the import fetches these titles next, before the rest',
    access: 'user',
    body: prioritiseBody,
    responses: { 200: { description: 'The run with its new order', schema: runResponse } },
  },
  runEvents: {
    method: 'get',
    path: '/api/sync/runs/{id}/events',
    tag: 'runs',
    summary: 'Server-Sent Events: `progress` with the run on every change, then `end`',
    access: 'user',
    responses: { 200: { description: 'An event stream', contentType: 'text/event-stream', events: { progress: run, end: run } } },
  },
  syncEvents: {
    method: 'get',
    path: '/api/sync/events',
    tag: 'runs',
    summary: 'Server-Sent Events: `progress` with a run whenever any of your runs changes',
    access: 'user',
    responses: { 200: { description: 'An event stream', contentType: 'text/event-stream', events: { progress: run } } },
  },

  // The library.
  games: {
    method: 'get',
    path: '/api/games',
    tag: 'library',
    summary: 'Your imported games, a page at a time (filter by platform, status or name; sort by last played, name, progress or points)',
    access: 'user',
    query: gamesQuery,
    responses: {
      200: { description: 'A page of games', schema: gamesResponse },
      304: { description: 'Not modified: the library is still at the version of the If-None-Match tag (no body)' },
    },
  },
  game: {
    method: 'get',
    path: '/api/games/{npCommunicationId}',
    tag: 'library',
    summary: 'One game: groups (base game and each DLC) with their trophies; hidden ones masked unless reveal=true',
    access: 'user',
    query: gameQuery,
    responses: {
      200: { description: 'The game', schema: gameResponse },
      304: { description: 'Not modified: the library is still at the version of the If-None-Match tag (no body)' },
    },
  },
  stats: {
    method: 'get',
    path: '/api/stats',
    tag: 'library',
    summary: 'Your level, points, trophy counts, platinums and game counts',
    access: 'user',
    responses: {
      200: { description: 'Stats', schema: statsResponse },
      304: { description: 'Not modified: the library is still at the version of the If-None-Match tag (no body)' },
    },
  },

  // Stacks and artwork (issue 17).
  stacks: {
    method: 'get',
    path: '/api/stacks',
    tag: 'stacks',
    summary: 'Your stacks: the PS3/PS4/PS5/Vita lists of one game (matched by their trophy sets, or joined by hand), each version with its progress',
    access: 'user',
    query: stacksQuery,
    responses: { 200: { description: 'A page of stacks', schema: stacksResponse } },
  },
  gameStack: {
    method: 'get',
    path: '/api/games/{npCommunicationId}/stack',
    tag: 'stacks',
    summary: 'The stack a game belongs to, with its other versions (null when it stacks with nothing)',
    access: 'user',
    responses: { 200: { description: 'The stack', schema: stackOfResponse } },
  },
  splitStack: {
    method: 'post',
    path: '/api/stacks/split',
    tag: 'stacks',
    summary: 'Take a list out of its stack (a wrong match); it stays apart from then on',
    access: 'user',
    body: splitStackBody,
    responses: { 200: { description: 'What is left of the stack it was in', schema: stackOfResponse } },
  },
  joinStack: {
    method: 'post',
    path: '/api/stacks/join',
    tag: 'stacks',
    summary: 'Stack lists together by hand; unknown ids: `unknown_titles` naming them, nothing changed',
    access: 'user',
    body: joinStackBody,
    responses: { 200: { description: 'The stack', schema: joinStackResponse } },
  },
  image: {
    method: 'get',
    path: '/api/images/{source}/{ref}',
    tag: 'stacks',
    summary: "A game or trophy icon, fetched once from Sony's image hosts (or the configured PSN origin) and served from here",
    access: 'user',
    responses: { 200: { description: 'The image (PNG, JPEG, GIF or WebP)', contentType: 'image/png', schema: z.string() } },
  },

  // The profile page and unobtainable trophies (issue 17).
  profile: {
    method: 'get',
    path: '/api/profile',
    tag: 'profile',
    summary:
      'Your profile: level and progress to the next, points, trophies by grade, the platinum cabinet, trophies per day over the last year and per month, rarest earned, completion by platform, time to platinum',
    access: 'user',
    responses: {
      200: { description: 'The profile (with an ETag of the library version and the day)', schema: profileResponse },
      304: { description: 'Not modified: the library and the day are those of the If-None-Match tag (no body)' },
    },
  },
  profilePlatinums: {
    method: 'get',
    path: '/api/profile/platinums',
    tag: 'profile',
    summary: 'The platinum cabinet a page at a time, first earned first, numbered ("Platinum #37"); the profile carries the first page',
    access: 'user',
    query: platinumsQuery,
    responses: {
      200: { description: 'A page of the cabinet (with an ETag of the library version)', schema: platinumsResponse },
      304: { description: 'Not modified: the library is still at the version of the If-None-Match tag (no body)' },
    },
  },
  unobtainable: {
    method: 'get',
    path: '/api/unobtainable',
    tag: 'unobtainable',
    summary: 'The trophies you flagged unobtainable, with where each flag came from',
    access: 'user',
    responses: { 200: { description: 'Flagged trophies', schema: unobtainableList } },
  },
  flagUnobtainable: {
    method: 'post',
    path: '/api/unobtainable',
    tag: 'unobtainable',
    summary: 'Flag a trophy of an imported game unobtainable (it no longer counts against the game)',
    access: 'user',
    body: unobtainableBody,
    responses: { 201: { description: 'Flagged', schema: unobtainableTrophy } },
  },
  unflagUnobtainable: {
    method: 'delete',
    path: '/api/unobtainable/{npCommunicationId}/{trophyId}',
    tag: 'unobtainable',
    summary: 'Take the unobtainable flag off a trophy',
    access: 'user',
    responses: { 204: { description: 'Unflagged' } },
  },
  importUnobtainable: {
    method: 'post',
    path: '/api/unobtainable/import',
    tag: 'unobtainable',
    summary: 'Flag a JSON list of trophies unobtainable, with its source; a list naming a title or trophy not in your library is refused whole (each named)',
    access: 'user',
    body: unobtainableImport,
    responses: { 200: { description: 'Flagged', schema: unobtainableImported } },
  },

  // Webhooks (issue 18).
  webhooks: {
    method: 'get',
    path: '/api/webhooks',
    tag: 'webhooks',
    summary: 'Your webhooks, each with its last delivery and the receiver’s answer',
    access: 'user',
    responses: { 200: { description: 'Webhooks', schema: webhookList } },
  },
  createWebhook: {
    method: 'post',
    path: '/api/webhooks',
    tag: 'webhooks',
    summary: 'Add a webhook (JSON, Discord or ntfy); its signing secret is shown once',
    access: 'user',
    body: webhookBody,
    responses: { 201: { description: 'Added', schema: createdWebhook } },
  },
  updateWebhook: {
    method: 'patch',
    path: '/api/webhooks/{id}',
    tag: 'webhooks',
    summary: 'Change a webhook’s URL, format or events, or turn it off or on',
    access: 'user',
    body: webhookPatch,
    responses: { 200: { description: 'The webhook', schema: webhookResponse } },
  },
  deleteWebhook: {
    method: 'delete',
    path: '/api/webhooks/{id}',
    tag: 'webhooks',
    summary: 'Delete a webhook and its delivery log',
    access: 'user',
    responses: { 204: { description: 'Deleted' } },
  },
  testWebhook: {
    method: 'post',
    path: '/api/webhooks/{id}/test',
    tag: 'webhooks',
    summary: 'Send a test event (queued: the delivery log shows the answer)',
    access: 'user',
    responses: { 202: { description: 'Queued', schema: webhookTestResponse } },
  },
  webhookDeliveries: {
    method: 'get',
    path: '/api/webhooks/{id}/deliveries',
    tag: 'webhooks',
    summary: 'A webhook’s latest deliveries (newest first), with attempts and answers',
    access: 'user',
    responses: { 200: { description: 'Deliveries', schema: webhookDeliveries } },
  },

  // Sharing (issue 18).
  sharing: {
    method: 'get',
    path: '/api/sharing',
    tag: 'sharing',
    summary: 'Whether your public profile is on, and its URL',
    access: 'user',
    responses: { 200: { description: 'Sharing', schema: sharingResponse } },
  },
  enableSharing: {
    method: 'post',
    path: '/api/sharing',
    tag: 'sharing',
    summary: 'Turn the public profile on (a new URL each time it is turned on again)',
    access: 'user',
    responses: { 200: { description: 'Sharing', schema: sharingResponse } },
  },
  disableSharing: {
    method: 'delete',
    path: '/api/sharing',
    tag: 'sharing',
    summary: 'Turn the public profile off: its URL stops working for good',
    access: 'user',
    responses: { 200: { description: 'Sharing', schema: sharingResponse } },
  },
  publicProfile: {
    method: 'get',
    path: '/api/public/profiles/{token}',
    tag: 'sharing',
    summary: 'A shared profile, signed out: games, stats, platinums, recent trophies (secret ones masked)',
    access: 'public',
    responses: { 200: { description: 'The profile', schema: publicProfileResponse } },
  },
  publicProfileImage: {
    method: 'get',
    path: '/api/public/profiles/{token}/images/{source}/{ref}',
    tag: 'sharing',
    summary:
      "An icon a shared profile shows, signed out (the profile's `iconUrl`s point here): fetched once from Sony's image hosts and served from here; 404 for any image the profile does not show",
    access: 'public',
    responses: { 200: { description: 'The image (PNG, JPEG, GIF or WebP)', contentType: 'image/png', schema: z.string() } },
  },

  // The library archive (issue 18).
  exportLibrary: {
    method: 'get',
    path: '/api/library/export',
    tag: 'library',
    summary: 'The whole library as JSON: every title with its trophies, earned state and history marks (what import reads)',
    access: 'user',
    responses: { 200: { description: 'The archive', schema: libraryArchive } },
  },
  exportLibraryCsv: {
    method: 'get',
    path: '/api/library/export.csv',
    tag: 'library',
    summary: 'The whole library as CSV: one row per trophy (a title without trophies: one row)',
    access: 'user',
    responses: { 200: { description: 'CSV', contentType: 'text/csv', schema: z.string() } },
  },
  importLibrary: {
    method: 'post',
    path: '/api/library/import',
    tag: 'library',
    summary: 'Read a JSON export back into your library, which must be empty; a bad file changes nothing',
    access: 'user',
    body: libraryArchive,
    responses: { 201: { description: 'Imported', schema: libraryImportResponse } },
  },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof endpoints;
