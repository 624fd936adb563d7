/** Accounts, sessions and personal API tokens. */
import { z } from 'zod';

export const credentials = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,32}$/, 'use 3 to 32 letters, digits, dots, dashes or underscores'),
  // Length here (for the OpenAPI document too); what else makes a password weak: services/password-policy.ts.
  password: z.string().min(10, 'use at least 10 characters').max(256),
});

export const loginBody = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) });

export const user = z.object({ id: z.string(), username: z.string(), admin: z.boolean(), createdAt: z.string() }).meta({ id: 'User' });
export const settings = z.object({ signupOpen: z.boolean() }).meta({ id: 'Settings' });
export const userResponse = z.object({ user });
export const meResponse = z.object({ user, settings });
export const settingsBody = z.object({ signupOpen: z.boolean() });
export const settingsResponse = z.object({ settings });

export const tokenBody = z.object({ name: z.string().trim().min(1).max(64) });
export const tokenInfo = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() }).meta({ id: 'ApiToken' });
export const tokenList = z.object({ items: z.array(tokenInfo) });
export const createdToken = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), token: z.string().meta({ description: 'Shown this once' }) });
